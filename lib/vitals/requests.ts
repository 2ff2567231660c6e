// A clinician's request for a set of readings ("please take your vitals now"), typically
// during a call. A request nobody answered within this time no longer prompts the patient.
export const VITALS_REQUEST_TTL_MS = 60 * 60_000;
