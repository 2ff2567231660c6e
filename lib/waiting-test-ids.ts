// data-testid values of the living waiting room and the clinician's arrival notice (kept
// apart from lib/test-ids.ts so parallel work on other areas merges cleanly).
export const WAITING_TID = {
  selfView: "waiting-self-view",
  status: "waiting-status",
  lateNotice: "waiting-late-notice",
  messageInput: "waiting-message-input",
  messageSend: "waiting-message-send",
  sentMessage: "waiting-sent-message",
  clinicMessage: "waiting-clinic-message",
  runningLate: "running-late",
  runningLateChoice: "running-late-choice",
  runningLateSent: "running-late-sent",
  admitFromList: "admit-from-list",
  chimeToggle: "arrival-chime-toggle",
} as const;
