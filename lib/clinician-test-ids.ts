// data-testid values of the clinician's Today list and its booking button. lib/test-ids.ts
// spreads them into TID for the e2e suite (a client module importing that file downloads all of it).
export const CLINICIAN_TID = {
  bookConsultation: "book-consultation",
  consultationRow: "consultation-row",
  openRoom: "open-room",
  upcomingList: "upcoming-consultations",
  waitingBadge: "waiting-badge",
} as const;
