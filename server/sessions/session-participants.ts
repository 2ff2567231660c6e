// Who a new session's participant rows are, and under which names: the visit's clinician
// and, when they have a portal account, its patient. Used by booking (`insertSession`) and by
// the demo seed, so seeded sessions carry the same records as booked ones. Pure: no
// server-only import, so the seed script can use it.

export interface SessionParticipantSeed {
  userId: string;
  role: "CLINICIAN" | "PATIENT";
  displayName: string;
}

export function clinicianName(c: { name: string | null; title: string | null }): string {
  return [c.title, c.name].filter(Boolean).join(" ") || "Your clinician";
}

export function initialParticipants(visit: {
  clinicianId: string;
  clinician: { name: string | null; title: string | null };
  patient: { userId: string | null; givenName: string; familyName: string };
}): SessionParticipantSeed[] {
  return [
    { userId: visit.clinicianId, role: "CLINICIAN", displayName: clinicianName(visit.clinician) },
    ...(visit.patient.userId
      ? [{ userId: visit.patient.userId, role: "PATIENT" as const, displayName: `${visit.patient.givenName} ${visit.patient.familyName}` }]
      : []),
  ];
}
