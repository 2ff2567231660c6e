// data-testid values of the vitals components (the vitals pages, the call's panel, the
// clinician's alert centre). lib/test-ids.ts spreads them into TID for the e2e suite: a client
// module importing that file downloads all of it (1.8 KiB gz).
export const VITALS_TID = {
  alertSoundToggle: "alert-sound-toggle",
  vitalsAcknowledge: "vitals-acknowledge",
  vitalsAcknowledgeConfirm: "vitals-acknowledge-confirm",
  vitalsAcknowledgeNote: "vitals-acknowledge-note",
  vitalsAlert: "vitals-alert",
  vitalsAlertBanner: "vitals-alert-banner",
  vitalsAlertList: "vitals-alert-list",
  vitalsChart: "vitals-chart",
  vitalsDeviceIssue: "vitals-device-issue",
  vitalsDeviceName: "vitals-device-name",
  vitalsDeviceToken: "vitals-device-token",
  vitalsDevices: "vitals-devices",
  vitalsEntryForm: "vitals-entry-form",
  vitalsEntrySaved: "vitals-entry-saved",
  vitalsEntrySubmit: "vitals-entry-submit",
  vitalsNews2: "vitals-news2",
  vitalsPanel: "vitals-panel",
  vitalsRange: "vitals-range",
  vitalsRequestButton: "vitals-request-button",
  vitalsRequestStatus: "vitals-request-status",
  vitalsStale: "vitals-stale",
  vitalsTile: "vitals-tile",
  vitalsView: "vitals-view",
} as const;
