// data-testid values of the client parts of the patient's home: the vitals request banner and
// the join button with its countdown. lib/test-ids.ts spreads them into TID for the e2e suite
// (a client module importing that file downloads all of it).
export const PATIENT_TID = {
  vitalsRequestPrompt: "vitals-request-prompt",
  joinButton: "join-button",
  joinCountdown: "join-countdown",
} as const;
