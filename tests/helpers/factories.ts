// Test data built straight through Prisma, and tRPC callers acting as a given person.
import { randomBytes } from "node:crypto";
import { createCaller } from "@/server/api/root";
import { createContextInner } from "@/server/api/trpc";
import type { SessionUser } from "@/server/auth/session";
import { db } from "@/server/db";
import type { Role } from "@/lib/auth/session-policy";

const uid = () => randomBytes(5).toString("hex");

export async function makeUser(role: Role, name = `${role.toLowerCase()} ${uid()}`) {
  return db.user.create({ data: { email: `${role.toLowerCase()}-${uid()}@int.test`, name, role } });
}

export const makeClinician = (name?: string) => makeUser("CLINICIAN", name);
export const makeAdmin = (name?: string) => makeUser("ADMIN", name);

export async function makePatient(opts: { clinicianIds?: string[]; withUser?: boolean; given?: string; family?: string } = {}) {
  const user = opts.withUser === false ? null : await makeUser("PATIENT");
  const patient = await db.patient.create({
    data: {
      mrn: `T-${uid().toUpperCase()}`,
      givenName: opts.given ?? "Test",
      familyName: opts.family ?? `Patient${uid()}`,
      dateOfBirth: new Date("1980-01-02T00:00:00Z"),
      sex: "UNKNOWN",
      userId: user?.id ?? null,
      careTeam: { create: (opts.clinicianIds ?? []).map((clinicianId) => ({ clinicianId })) },
    },
  });
  return { patient, user };
}

export async function makeConsultation(opts: { clinicianId: string; patientId: string; start: Date; minutes?: number }) {
  const visit = await db.visit.create({ data: { patientId: opts.patientId, clinicianId: opts.clinicianId } });
  const minutes = opts.minutes ?? 20;
  const consultation = await db.consultation.create({
    data: {
      clinicianId: opts.clinicianId,
      patientId: opts.patientId,
      visitId: visit.id,
      scheduledStart: opts.start,
      scheduledEnd: new Date(opts.start.getTime() + minutes * 60_000),
      durationMinutes: minutes,
      createdById: opts.clinicianId,
    },
  });
  return { visit, consultation };
}

export function sessionUserOf(u: { id: string; role: string; name: string | null; email: string }): SessionUser {
  return { id: u.id, role: u.role as Role, name: u.name, email: u.email, authSessionId: `test-${u.id}`, scopeSessionId: null };
}

/** A tRPC caller acting as `user` (or anonymous with null), exactly as the HTTP route builds it. */
export function callerAs(user: { id: string; role: string; name: string | null; email: string } | null) {
  return createCaller(createContextInner({ user: user ? sessionUserOf(user) : null, requestId: `req-${uid()}` }));
}

// ── video (sessions with participants, for the video workstream's tests) ──

export async function makeVideoSession(
  opts: {
    provider?: "LIVEKIT" | "P2P";
    status?: "SCHEDULED" | "IN_PROGRESS" | "COMPLETED";
    startedAt?: Date;
    recordingEnabled?: boolean;
    /** Recording consent given by the clinician and the patient (default true). */
    consent?: boolean;
  } = {},
) {
  const clinician = await makeClinician();
  const { patient, user: patientUser } = await makePatient({ clinicianIds: [clinician.id] });
  const visit = await db.visit.create({ data: { patientId: patient.id, clinicianId: clinician.id } });
  const consentAt = opts.consent === false ? null : new Date();
  const session = await db.telemedicineSession.create({
    data: {
      visitId: visit.id,
      roomName: `room-${uid()}${uid()}`,
      provider: opts.provider ?? "LIVEKIT",
      status: opts.status ?? "IN_PROGRESS",
      startedAt: opts.startedAt ?? new Date(Date.now() - 5 * 60_000),
      recordingEnabled: opts.recordingEnabled ?? true,
      createdById: clinician.id,
      participants: {
        create: [
          { userId: clinician.id, role: "CLINICIAN", displayName: clinician.name ?? "Clinician", recordingConsentAt: consentAt },
          { userId: patientUser!.id, role: "PATIENT", displayName: patientUser!.name ?? "Patient", recordingConsentAt: consentAt },
        ],
      },
    },
    include: { participants: true },
  });
  const participantOf = (userId: string) => session.participants.find((p) => p.userId === userId)!;
  return { clinician, patient, patientUser: patientUser!, visit, session, participantOf };
}
