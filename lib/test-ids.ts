// data-testid values shared by the app and the Playwright suite: one place to rename.
// Client components a page cannot do without take their ids from a small table of their own,
// spread into TID here for the suite: a client module importing this file downloads all of
// it (1.8 KiB gz), and the sign-in page and the signed-in frame are on every visit.
import { CLINICIAN_TID } from "./clinician-test-ids";
import { PATIENT_TID } from "./patient-test-ids";
import { SHELL_TID, SIGNIN_TID } from "./shell-test-ids";
import { VITALS_TID } from "./vitals-test-ids";

export const TID = {
  ...SIGNIN_TID,
  ...SHELL_TID,
  ...PATIENT_TID,
  ...CLINICIAN_TID,
  ...VITALS_TID,
  roleHome: "role-home",
  forbidden: "forbidden",
  patientsTable: "patients-table",

  // Consultations, sessions and visits
  bookPatient: "book-patient",
  bookDate: "book-date",
  bookTime: "book-time",
  bookDuration: "book-duration",
  bookReason: "book-reason",
  bookSubmit: "book-submit",
  visitPage: "visit-page",
  visitSession: "visit-session",
  visitDuration: "visit-duration",
  visitParticipants: "visit-participants",
  visitChat: "visit-chat",
  visitBill: "visit-bill",
  sessionRoom: "session-room",
  sessionPreparing: "session-preparing",
  sessionBookedFor: "session-booked-for",
  waitingRoom: "waiting-room",
  admitButton: "admit-button",
  // In the call: guests waiting to be let in, the other-device notice, alerts in the call.
  admitGuest: "admit-guest",
  callWaitingGuests: "call-waiting-guests",
  callTakenOver: "call-taken-over",
  callContinueHerePrompt: "call-continue-here-prompt",
  callContinueHere: "call-continue-here",
  callAlertBadge: "call-alert-badge",
  startButton: "start-button",
  sessionStatus: "session-status",
  chatInput: "chat-input",
  chatSend: "chat-send",
  chatMessages: "chat-messages",
  endSession: "end-session",
  endNotes: "end-notes",
  endAddToBill: "end-add-to-bill",
  sessionNotes: "session-notes",
  sessionNotesStatus: "session-notes-status",
  endConfirm: "end-confirm",
  sessionCompleted: "session-completed",
  sessionUnavailable: "session-unavailable",
  joinWindowNotice: "join-window-notice",
  reportIssue: "report-issue",

  // ── video: components/call (DeviceCheck, CallRoom) and the /device-check page ──
  deviceCheck: "device-check",
  deviceCheckPreview: "device-check-preview",
  deviceCheckCamera: "device-check-camera",
  deviceCheckMicrophone: "device-check-microphone",
  deviceCheckSpeaker: "device-check-speaker",
  deviceCheckMicLevel: "device-check-mic-level",
  deviceCheckToggleCamera: "device-check-toggle-camera",
  deviceCheckToggleMic: "device-check-toggle-mic",
  deviceCheckSettings: "device-check-settings",
  deviceCheckPermissionHelp: "device-check-permission-help",
  deviceCheckRetry: "device-check-retry",
  deviceCheckContinue: "device-check-continue",
  callRoom: "call-room",
  callConnectionState: "call-connection-state",
  callWaiting: "call-waiting",
  callLocalTile: "call-local-tile",
  callRemoteTile: "call-remote-tile",
  callRemoteVideo: "call-remote-video",
  callMutedBadge: "call-muted-badge",
  callToggleMic: "call-toggle-mic",
  callToggleCamera: "call-toggle-camera",
  callToggleScreen: "call-toggle-screen",
  callLeave: "call-leave",
  // The call layout (issue 18 B): stage, self-view picture-in-picture, Leave confirmation, side panel.
  callStage: "call-stage",
  callSelfView: "call-self-view",
  callLeaveConfirm: "call-leave-confirm",
  callPanel: "call-panel",
  callPanelToggle: "call-panel-toggle",
  bookSlot: "book-slot",
  bookVisit: "book-visit",
  bookError: "book-error",
  visitSessionReason: "visit-session-reason",
  callRecording: "call-recording-indicator",
  callEnableAudio: "call-enable-audio",
  connectionTest: "connection-test",
  connectionTestStart: "connection-test-start",
  connectionTestStats: "connection-test-stats",

  // Live vitals (issue 6): vitals pages, the call's side panel, alerts and requests.
  vitalsPatientLink: "vitals-patient-link",
} as const;

// Notifications and join links (/join/[token], /admin/emails).
export const JOIN_TID = {
  joinPage: "join-page",
  joinDetails: "join-details",
  joinSubmit: "join-submit",
  joinRecordingConsent: "join-recording-consent",
  joinProblem: "join-problem",
  joinError: "join-error",
  joinOtherAccount: "join-other-account",
  joinSignOut: "join-sign-out",
  failedEmails: "failed-emails",
  retryEmail: "retry-email",
} as const;

// Admin console (/admin, /admin/audit).
export const ADMIN_TID = {
  auditFilters: "audit-filters",
  auditTable: "audit-table",
  auditRow: "audit-row",
  auditFolded: "audit-folded",
  auditActiveFilters: "audit-active-filters",
  auditExport: "audit-export",
  auditVerify: "audit-verify",
  auditVerifyResult: "audit-verify-result",
  auditNextPage: "audit-next-page",
} as const;

export const ADMIN_STATS_TID = {
  statsRange: "stats-range",
  statsSessionsChart: "stats-sessions-chart",
  statsSessionsTable: "stats-sessions-table",
  statsClinicians: "stats-clinicians",
  statsFigure: "stats-figure",
} as const;

export const ADMIN_USERS_TID = {
  inviteForm: "invite-form",
  staffTable: "staff-table",
  staffRow: "staff-row",
  patientsTable: "patients-table",
  resendInvite: "resend-invite",
  deactivate: "deactivate-user",
  usersNotice: "users-notice",
} as const;

export const ADMIN_RECORDINGS_TID = {
  recordingsTable: "recordings-table",
  recordingPlayer: "recording-player",
  recordingTranscript: "recording-transcript",
} as const;

// transcription: the transcript beside the player on /admin/recordings
export const TRANSCRIPT_TID = {
  status: "transcript-status",
  reason: "transcript-reason",
  notConfigured: "transcript-not-configured",
  segments: "transcript-segments",
  segment: "transcript-segment",
  text: "transcript-text",
  retry: "transcript-retry",
  refresh: "transcript-refresh",
  listStatus: "transcript-list-status",
} as const;

// EHR integration tokens for the FHIR API (/admin/integrations).
export const FHIR_TID = {
  ehrTokens: "ehr-tokens",
  ehrTokenRow: "ehr-token-row",
  ehrTokenName: "ehr-token-name",
  ehrTokenScope: "ehr-token-scope",
  ehrTokenIssue: "ehr-token-issue",
  ehrTokenSecret: "ehr-token-secret",
  ehrTokenRevoke: "ehr-token-revoke",
} as const;

// The clinic's hours (/admin/clinic).
export const CLINIC_HOURS_TID = {
  form: "clinic-hours-form",
  opens: "clinic-hours-opens",
  closes: "clinic-hours-closes",
  untilMidnight: "clinic-hours-until-midnight",
  slotMinutes: "clinic-hours-slot-minutes",
  save: "clinic-hours-save",
} as const;
