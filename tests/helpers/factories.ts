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

export const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000);

/** A clinician, their patient (with a portal account) and a consultation booked through the real procedure. */
export async function bookedConsultation(opts: { startInMinutes?: number; durationMinutes?: number } = {}) {
  const clinician = await makeClinician(`Clin ${uid()}`);
  const { patient, user } = await makePatient({ clinicianIds: [clinician.id] });
  const booking = await callerAs(clinician).consultations.book({
    patientId: patient.id,
    scheduledStart: minutesFromNow(opts.startInMinutes ?? 2),
    durationMinutes: opts.durationMinutes ?? 20,
    reason: "Follow-up",
  });
  return { clinician, patient, patientUser: user!, booking };
}

/** Ensure the telemedicine service is in the catalog (the billing code ending a session charges). */
export async function ensureTelemedicineItem(priceMinor = 4500) {
  return db.serviceCatalogItem.upsert({
    where: { code: "TELEMED-001" },
    create: { code: "TELEMED-001", name: "Telemedicine consultation", priceMinor, currency: "USD" },
    update: { active: true },
  });
}

// ── Notifications and join links ──

/** A telemedicine session for a consultation (as booking creates one). */
export async function makeSession(opts: { visitId: string; consultationId?: string | null; createdById: string; scheduledStart?: Date | null }) {
  return db.telemedicineSession.create({
    data: {
      visitId: opts.visitId,
      consultationId: opts.consultationId ?? null,
      roomName: `room-${uid()}${uid()}`,
      provider: "P2P",
      scheduledStart: opts.scheduledStart ?? null,
      createdById: opts.createdById,
    },
  });
}

/** A clinician, their patient (with a portal account and a time zone), a consultation and its session. */
export async function makeBookedConsultation(opts: { start: Date; minutes?: number; patientTimeZone?: string; clinicianName?: string }) {
  const clinician = await makeClinician(opts.clinicianName);
  await db.user.update({ where: { id: clinician.id }, data: { title: "Dr" } });
  const { patient, user } = await makePatient({ clinicianIds: [clinician.id] });
  if (opts.patientTimeZone) await db.patient.update({ where: { id: patient.id }, data: { timeZone: opts.patientTimeZone } });
  const { visit, consultation } = await makeConsultation({ clinicianId: clinician.id, patientId: patient.id, start: opts.start, minutes: opts.minutes });
  const session = await makeSession({ visitId: visit.id, consultationId: consultation.id, createdById: clinician.id, scheduledStart: opts.start });
  return { clinician, patient, patientUser: user!, visit, consultation, session };
}

// ── Realtime (issue 3): telemedicine sessions and their participants ──

/** A visit and a telemedicine session on it (peer-to-peer provider). */
export async function makeVisitSession(opts: {
  clinicianId: string;
  patientId: string;
  status?: "SCHEDULED" | "IN_PROGRESS" | "COMPLETED" | "CANCELLED";
  visitStatus?: "OPEN" | "CLOSED";
}) {
  const visit = await db.visit.create({
    data: { patientId: opts.patientId, clinicianId: opts.clinicianId, status: opts.visitStatus ?? "OPEN" },
  });
  const session = await db.telemedicineSession.create({
    data: {
      visitId: visit.id,
      roomName: `room-${uid()}${uid()}${uid()}`,
      provider: "P2P",
      status: opts.status ?? "SCHEDULED",
      createdById: opts.clinicianId,
    },
  });
  return { visit, session };
}

/** A participant row, e.g. an invited guest. */
export async function addParticipant(opts: { sessionId: string; userId: string; role: "CLINICIAN" | "PATIENT" | "GUEST"; displayName: string }) {
  return db.sessionParticipant.create({ data: { ...opts, invitedAt: opts.role === "GUEST" ? new Date() : null } });
}

/** A tRPC caller for a join-link sign-in, limited to one telemedicine session. */
export function scopedCallerAs(user: { id: string; role: string; name: string | null; email: string }, scopeSessionId: string) {
  return createCaller(createContextInner({ user: { ...sessionUserOf(user), scopeSessionId }, requestId: `req-${uid()}` }));
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
