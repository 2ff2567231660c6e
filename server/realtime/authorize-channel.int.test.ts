import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clinicianChannel, patientChannel, sessionChannel, sessionPresenceChannel, signalChannel } from "@/lib/realtime/channels";
import type { Actor } from "@/server/audit/actor";
import { db } from "@/server/db";
import { addParticipant, makeAdmin, makeClinician, makePatient, makeVisitSession, makeUser } from "@/tests/helpers/factories";
import { authorizeChannelAccess } from "./authorize-channel";

const socketId = "1234.5678";

function actorOf(user: { id: string; role: string }, scopeSessionId: string | null = null): Actor {
  return { userId: user.id, role: user.role as Actor["role"], requestId: `req-${randomUUID()}`, scopeSessionId };
}

async function decide(actor: Actor, channel: string, socket = socketId) {
  try {
    return { allowed: true as const, grant: await authorizeChannelAccess({ actor, socketId: socket, channel }) };
  } catch (error) {
    return { allowed: false as const, error };
  }
}

async function auditOf(actor: Actor) {
  return db.auditEvent.findMany({
    where: { requestId: actor.requestId },
    select: { action: true, outcome: true, entityType: true, entityId: true, patientId: true, metadata: true },
  });
}

/** Refused with the one FORBIDDEN answer, and exactly one DENIED audit row with this reason. */
async function expectDenied(actor: Actor, channel: string, reason: string, socket = socketId) {
  const result = await decide(actor, channel, socket);
  expect(result.allowed, `${channel} should be refused`).toBe(false);
  expect(result.allowed ? null : result.error).toMatchObject({ code: "FORBIDDEN", reason: "channel_forbidden" });
  const rows = await auditOf(actor);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ action: "realtime.subscribe", outcome: "DENIED", metadata: expect.objectContaining({ reason }) });
  return rows[0]!;
}

async function expectAllowed(actor: Actor, channel: string) {
  const result = await decide(actor, channel);
  expect(result.allowed ? null : result.error, `${channel} should be allowed`).toBeNull();
  const rows = await auditOf(actor);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ action: "realtime.subscribe", outcome: "SUCCESS" });
  return result.allowed ? result.grant : null;
}

async function careSetup() {
  const clinician = await makeClinician("Amara Okafor");
  const { patient, user: patientUser } = await makePatient({ clinicianIds: [clinician.id] });
  const { session, visit } = await makeVisitSession({ clinicianId: clinician.id, patientId: patient.id });
  return { clinician, patient, patientUser: patientUser!, session, visit };
}

describe("private-patient-{id}", () => {
  it("is open to the patient themself, a clinician with an open visit for them, and admins; each grant is audited", async () => {
    const { clinician, patient, patientUser } = await careSetup();
    const admin = await makeAdmin();
    for (const who of [patientUser, clinician, admin]) {
      const actor = actorOf(who);
      await expectAllowed(actor, patientChannel(patient.id));
      expect((await auditOf(actor))[0]).toMatchObject({ entityType: "RealtimeChannel", entityId: patient.id, patientId: patient.id });
    }
  });

  it("refuses another patient, audited against the patient whose channel it is", async () => {
    const { patient } = await careSetup();
    const { user: other } = await makePatient();
    const row = await expectDenied(actorOf(other!), patientChannel(patient.id), "not_own_channel");
    expect(row).toMatchObject({ entityId: patient.id, patientId: patient.id });
  });

  it("refuses a clinician whose visits with the patient are all closed, even on the care team", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    await makeVisitSession({ clinicianId: clinician.id, patientId: patient.id, visitStatus: "CLOSED" });
    await expectDenied(actorOf(clinician), patientChannel(patient.id), "no_open_visit");
  });

  it("refuses a clinician with an open visit for a different patient, and any channel of a patient that does not exist", async () => {
    const { clinician } = await careSetup();
    const { patient: stranger } = await makePatient();
    await expectDenied(actorOf(clinician), patientChannel(stranger.id), "no_open_visit");
    await expectDenied(actorOf(await makeAdmin()), patientChannel("cq1w2e3r4t5y6u7i8o9p0a1s"), "no_such_patient");
  });
});

describe("private-clinician-{id}", () => {
  it("is open to that clinician only", async () => {
    const clinician = await makeClinician();
    const other = await makeClinician();
    const { user: patient } = await makePatient();
    await expectAllowed(actorOf(clinician), clinicianChannel(clinician.id));
    await expectDenied(actorOf(other), clinicianChannel(clinician.id), "not_own_channel");
    await expectDenied(actorOf(patient!), clinicianChannel(clinician.id), "role");
    await expectDenied(actorOf(await makeAdmin()), clinicianChannel(clinician.id), "role");
  });
});

describe("session channels (private-session, presence-session, presence-signal)", () => {
  it("are open to the visit's clinician, the visit's patient and an invited guest", async () => {
    const { clinician, patientUser, session } = await careSetup();
    const guest = await makeUser("GUEST", "Interpreter account");
    await addParticipant({ sessionId: session.id, userId: guest.id, role: "GUEST", displayName: "Ana (interpreter)" });
    for (const who of [clinician, patientUser, guest]) {
      for (const channel of [sessionChannel(session.id), sessionPresenceChannel(session.id), signalChannel(session.id)]) {
        await expectAllowed(actorOf(who), channel);
      }
    }
  });

  it("refuse a clinician who is not part of the session, another patient, an uninvited guest and admins", async () => {
    const { session, patient } = await careSetup();
    const outsiders = [await makeClinician(), (await makePatient()).user!, await makeUser("GUEST"), await makeAdmin()];
    for (const who of outsiders) {
      for (const channel of [sessionChannel(session.id), sessionPresenceChannel(session.id), signalChannel(session.id)]) {
        const row = await expectDenied(actorOf(who), channel, "not_participant");
        expect(row).toMatchObject({ entityId: session.id, patientId: patient.id });
      }
    }
  });

  it("treat a session that does not exist like one the user is not part of", async () => {
    const clinician = await makeClinician();
    const row = await expectDenied(actorOf(clinician), sessionChannel("cq1w2e3r4t5y6u7i8o9p0a1s"), "not_participant");
    expect(row.patientId).toBeNull();
  });

  it("give presence members the id, the name the session shows and the role in it, from the server's records only", async () => {
    const { clinician, patientUser, session } = await careSetup();
    const guest = await makeUser("GUEST", "Guest account name");
    await addParticipant({ sessionId: session.id, userId: guest.id, role: "GUEST", displayName: "Ana (interpreter)" });
    await db.user.update({ where: { id: clinician.id }, data: { title: "Dr" } });

    const presence = sessionPresenceChannel(session.id);
    const clinicianGrant = await expectAllowed(actorOf(clinician), presence);
    const patientGrant = await expectAllowed(actorOf(patientUser), presence);
    const guestGrant = await expectAllowed(actorOf(guest), presence);

    expect(clinicianGrant?.presence).toEqual({
      userId: clinician.id,
      userInfo: { id: clinician.id, name: "Dr Amara Okafor", role: "CLINICIAN" },
    });
    expect(patientGrant?.presence).toEqual({
      userId: patientUser.id,
      userInfo: { id: patientUser.id, name: patientUser.name, role: "PATIENT" },
    });
    expect(guestGrant?.presence?.userInfo).toEqual({ id: guest.id, name: "Ana (interpreter)", role: "GUEST" });
    expect(JSON.stringify([clinicianGrant, patientGrant, guestGrant])).not.toMatch(/@/);
    // Private channels carry no member identity.
    expect((await expectAllowed(actorOf(clinician), sessionChannel(session.id)))?.presence).toBeUndefined();
  });
});

describe("join-link sign-ins (scoped to one session)", () => {
  it("reach only their own session's channels", async () => {
    const { clinician, patient, session } = await careSetup();
    const { session: other } = await makeVisitSession({ clinicianId: clinician.id, patientId: patient.id });
    const guest = await makeUser("GUEST");
    for (const s of [session, other]) await addParticipant({ sessionId: s.id, userId: guest.id, role: "GUEST", displayName: "Guest" });

    await expectAllowed(actorOf(guest, session.id), sessionChannel(session.id));
    await expectDenied(actorOf(guest, session.id), sessionChannel(other.id), "not_participant");
    await expectDenied(actorOf(guest, session.id), patientChannel(patient.id), "out_of_scope");
  });

  it("let the session's own patient follow their vitals channel, but not a clinician their alerts", async () => {
    const { clinician, patient, patientUser, session } = await careSetup();
    await expectAllowed(actorOf(patientUser, session.id), patientChannel(patient.id));
    await expectDenied(actorOf(clinician, session.id), clinicianChannel(clinician.id), "out_of_scope");
  });
});

describe("forged requests", () => {
  it("refuse socket ids that are not `digits.digits`, without storing what was sent", async () => {
    const { patient, patientUser } = await careSetup();
    for (const forged of ["1234.5678:private-patient-x", "1234", "1234.5678\n", "a.b", "", "1234.5678,1.2"]) {
      const row = await expectDenied(actorOf(patientUser), patientChannel(patient.id), "malformed_socket_id", forged);
      expect(JSON.stringify(row.metadata)).not.toContain(forged || "\u0000");
    }
  });

  it("refuse channel names with injected separators or unknown shapes, keeping only the reason", async () => {
    const { patient, patientUser, session } = await careSetup();
    const forged = [
      `${patientChannel(patient.id)}:{"user_id":"x"}`,
      `${sessionPresenceChannel(session.id)}:${JSON.stringify({ user_id: "admin" })}`,
      `${patientChannel(patient.id)},private-clinician-${"a".repeat(24)}`,
      `private-encrypted-patient-${patient.id}`,
      `presence-session-${session.id.toUpperCase()}`,
      `private-patient-${patient.id} `,
      "private-patient-",
      "public-announcements",
    ];
    for (const channel of forged) {
      const row = await expectDenied(actorOf(patientUser), channel, "malformed_channel");
      expect(row).toMatchObject({ entityId: null, metadata: { reason: "malformed_channel", kind: null } });
    }
  });
});
