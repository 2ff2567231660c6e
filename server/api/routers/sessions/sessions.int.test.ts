import { beforeAll, describe, expect, it } from "vitest";
import { env } from "@/env";
import { db } from "@/server/db";
import { bookedConsultation, callerAs, ensureTelemedicineItem, makeAdmin, makeClinician, makePatient, makeUser } from "@/tests/helpers/factories";

beforeAll(async () => {
  await ensureTelemedicineItem();
});

describe("sessions: the happy path from booking to a completed session", () => {
  it("books, waits, admits, joins, chats, leaves, rejoins and ends with a charge", async () => {
    const { clinician, patientUser, booking, patient } = await bookedConsultation();
    const doc = callerAs(clinician);
    const pat = callerAs(patientUser);

    const room = await pat.sessions.room({ sessionId: booking.sessionId });
    expect(room).toMatchObject({ status: "SCHEDULED", myRole: "PATIENT", joinWindow: { state: "open" }, notes: null });

    await expect(pat.sessions.join({ sessionId: booking.sessionId })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      cause: { reason: "waiting_for_clinician" },
    });
    await expect(pat.sessions.arrive({ sessionId: booking.sessionId })).resolves.toEqual({ status: "SCHEDULED", admitted: false });
    const upcoming = await doc.consultations.upcoming({ days: 1 });
    expect(upcoming.consultations.find((c) => c.id === booking.id)).toMatchObject({ status: "WAITING", patientArrivedAt: expect.any(Date) });

    await expect(doc.sessions.start({ sessionId: booking.sessionId })).resolves.toMatchObject({ status: "IN_PROGRESS", alreadyStarted: false });
    const docJoin = await doc.sessions.join({ sessionId: booking.sessionId });
    expect(docJoin.connection).toMatchObject({
      provider: "P2P",
      identity: clinician.id,
      role: "CLINICIAN",
      signalChannel: `presence-signal-${booking.sessionId}`,
    });
    const first = await pat.sessions.join({ sessionId: booking.sessionId });

    const msg = await pat.chat.send({ sessionId: booking.sessionId, body: "  Hello doctor  " });
    expect(msg.body).toBe("Hello doctor");
    expect((await doc.chat.list({ sessionId: booking.sessionId })).map((m) => m.body)).toEqual(["Hello doctor"]);

    await pat.sessions.leave({ sessionId: booking.sessionId, stintId: first.stintId });
    await pat.sessions.join({ sessionId: booking.sessionId });

    const ended = await doc.sessions.end({ sessionId: booking.sessionId, notes: "Stable. Review in 2 weeks.", addToBill: true });
    expect(ended).toMatchObject({ status: "COMPLETED", charged: true });

    const visit = await doc.visits.get({ visitId: booking.visitId });
    const session = visit.sessions.find((s) => s.id === booking.sessionId)!;
    expect(session).toMatchObject({ status: "COMPLETED", notes: "Stable. Review in 2 weeks." });
    expect(session.durationSeconds).toBeGreaterThanOrEqual(0);
    const patientStints = session.participants.find((p) => p.role === "PATIENT")!.stints;
    expect(patientStints).toHaveLength(2);
    expect(patientStints.every((s) => s.leftAt !== null)).toBe(true);
    expect(session.chat.map((m) => m.body)).toEqual(["Hello doctor"]);
    expect(visit.bill.charges.map((c) => c.code)).toEqual(["TELEMED-001"]);
    expect(visit.paymentStatus).toBe("UNPAID");
    expect((await db.consultation.findUniqueOrThrow({ where: { id: booking.id } })).status).toBe("COMPLETED");

    // The patient sees the visit but not the clinician's notes.
    const patientView = await pat.visits.get({ visitId: booking.visitId });
    expect(patientView.sessions[0]?.notes).toBeNull();
    expect(
      await db.auditEvent.count({ where: { patientId: patient.id, action: { in: ["session.start", "session.join", "session.complete", "chat.send"] } } }),
    ).toBe(6);
  });
});

describe("sessions.markConnected (joins whose media connected)", () => {
  it("marks the caller's own open join connected once, audited, and nobody else's", async () => {
    const { clinician, patientUser, booking, patient } = await bookedConsultation();
    const doc = callerAs(clinician);
    const pat = callerAs(patientUser);
    await pat.sessions.arrive({ sessionId: booking.sessionId });
    await doc.sessions.start({ sessionId: booking.sessionId });
    const docJoin = await doc.sessions.join({ sessionId: booking.sessionId });
    const patJoin = await pat.sessions.join({ sessionId: booking.sessionId });
    const stint = (stintId: string) => db.participantStint.findFirstOrThrow({ where: { connectionId: `app:${stintId}` } });

    // The patient cannot mark the clinician's join; an outsider's call answers like a missing session.
    await expect(pat.sessions.markConnected({ sessionId: booking.sessionId, stintId: docJoin.stintId })).resolves.toEqual({ recorded: false });
    expect((await stint(docJoin.stintId)).connectedAt).toBeNull();
    const stranger = await makeClinician();
    await expect(callerAs(stranger).sessions.markConnected({ sessionId: booking.sessionId, stintId: docJoin.stintId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });

    await expect(pat.sessions.markConnected({ sessionId: booking.sessionId, stintId: patJoin.stintId })).resolves.toEqual({ recorded: true });
    const connectedAt = (await stint(patJoin.stintId)).connectedAt;
    expect(connectedAt).toBeInstanceOf(Date);
    // Reported again (a reconnect): the first moment stays, and it is audited once.
    await expect(pat.sessions.markConnected({ sessionId: booking.sessionId, stintId: patJoin.stintId })).resolves.toEqual({ recorded: false });
    expect((await stint(patJoin.stintId)).connectedAt).toEqual(connectedAt);
    expect(await db.auditEvent.count({ where: { patientId: patient.id, action: "session.media_connected", outcome: "SUCCESS" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { actorId: stranger.id, action: "session.media_connected", outcome: "DENIED" } })).toBe(1);

    // A join that has been left cannot be marked afterwards.
    await doc.sessions.leave({ sessionId: booking.sessionId, stintId: docJoin.stintId });
    await expect(doc.sessions.markConnected({ sessionId: booking.sessionId, stintId: docJoin.stintId })).resolves.toEqual({ recorded: false });
    await expect(doc.sessions.markConnected({ sessionId: booking.sessionId, stintId: "not-a-uuid" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("sessions: who may do what", () => {
  it("answers another clinician, another patient and an admin's join like a missing session where they are outsiders", async () => {
    const { booking } = await bookedConsultation();
    const otherClinician = await makeClinician();
    const { user: otherPatient } = await makePatient();
    const missing = await callerAs(otherClinician)
      .sessions.room({ sessionId: "missing-session-id" })
      .catch((e: unknown) => e);
    for (const who of [otherClinician, otherPatient!]) {
      await expect(callerAs(who).sessions.room({ sessionId: booking.sessionId })).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: (missing as Error).message,
      });
      await expect(callerAs(who).chat.list({ sessionId: booking.sessionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await db.auditEvent.count({ where: { actorId: otherClinician.id, entityId: booking.sessionId, outcome: "DENIED" } })).toBeGreaterThan(0);
    // Admins may look but not take part.
    const admin = await makeAdmin();
    await expect(callerAs(admin).sessions.room({ sessionId: booking.sessionId })).resolves.toMatchObject({ myRole: null });
    await expect(callerAs(admin).sessions.join({ sessionId: booking.sessionId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lets only the visit's clinician start and end, refusing the patient by role", async () => {
    const { patientUser, booking } = await bookedConsultation();
    await expect(callerAs(patientUser).sessions.start({ sessionId: booking.sessionId })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(patientUser).sessions.end({ sessionId: booking.sessionId, addToBill: false })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("keeps a guest out of sessions they were not invited to", async () => {
    const { booking } = await bookedConsultation();
    const guest = await makeUser("GUEST");
    await expect(callerAs(guest).sessions.room({ sessionId: booking.sessionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(guest).sessions.arrive({ sessionId: booking.sessionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lets an invited guest wait and join with the guest role", async () => {
    const { clinician, booking } = await bookedConsultation();
    const guest = await makeUser("GUEST", "Interpreter");
    await db.sessionParticipant.create({
      data: { sessionId: booking.sessionId, userId: guest.id, role: "GUEST", displayName: "Interpreter", invitedAt: new Date(), invitedById: clinician.id },
    });
    await expect(callerAs(guest).sessions.arrive({ sessionId: booking.sessionId })).resolves.toMatchObject({ admitted: false });
    await callerAs(clinician).sessions.start({ sessionId: booking.sessionId });
    await expect(callerAs(guest).sessions.join({ sessionId: booking.sessionId })).resolves.toMatchObject({ role: "GUEST" });
  });
});

describe("sessions.waitingConnection (connecting before admission)", () => {
  it("answers outsiders like a missing session and refuses an admin by role", async () => {
    const { booking } = await bookedConsultation();
    const otherClinician = await makeClinician();
    const { user: otherPatient } = await makePatient();
    for (const who of [otherClinician, otherPatient!]) {
      await expect(callerAs(who).sessions.waitingConnection({ sessionId: booking.sessionId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    await expect(callerAs(await makeAdmin()).sessions.waitingConnection({ sessionId: booking.sessionId })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("sends whoever may already be in a running call straight in, instead of a second connection", async () => {
    const { clinician, patientUser, booking } = await bookedConsultation();
    await callerAs(clinician).sessions.start({ sessionId: booking.sessionId });
    for (const who of [clinician, patientUser]) {
      await expect(callerAs(who).sessions.waitingConnection({ sessionId: booking.sessionId })).rejects.toMatchObject({
        code: "PRECONDITION_FAILED",
        cause: { reason: "already_admitted" },
      });
    }
  });

  it("is refused where calls connect on admission (peer-to-peer), and a join claiming one connects as usual", async () => {
    const { clinician, patientUser, booking } = await bookedConsultation();
    const pat = callerAs(patientUser);
    await pat.sessions.arrive({ sessionId: booking.sessionId });
    await expect(pat.sessions.waitingConnection({ sessionId: booking.sessionId })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      cause: { reason: "waiting_connection_unsupported" },
    });
    await callerAs(clinician).sessions.start({ sessionId: booking.sessionId });
    const joined = await pat.sessions.join({ sessionId: booking.sessionId, waitingConnected: true });
    expect(joined).toMatchObject({ admittedInPlace: false, connection: { provider: "P2P" } });
  });
});

describe("sessions: the join window", () => {
  it("refuses joining before the window opens, saying when it opens", async () => {
    const { patientUser, booking } = await bookedConsultation({ startInMinutes: 60 });
    const err = await callerAs(patientUser)
      .sessions.arrive({ sessionId: booking.sessionId })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "PRECONDITION_FAILED", cause: { reason: "join_window_not_open", details: { opensAt: expect.any(String) } } });
    const opensAt = new Date((err as { cause: { details: { opensAt: string } } }).cause.details.opensAt);
    expect(Math.round((opensAt.getTime() - Date.now()) / 60_000)).toBe(50);
  });

  it("refuses joining after the window closed", async () => {
    const { clinician, patientUser, booking } = await bookedConsultation();
    await db.consultation.update({
      where: { id: booking.id },
      data: { scheduledStart: new Date(Date.now() - 45 * 60_000), scheduledEnd: new Date(Date.now() - 25 * 60_000) },
    });
    await db.telemedicineSession.update({ where: { id: booking.sessionId }, data: { scheduledStart: new Date(Date.now() - 45 * 60_000) } });
    await expect(callerAs(patientUser).sessions.arrive({ sessionId: booking.sessionId })).rejects.toMatchObject({ cause: { reason: "join_window_closed" } });
    await expect(callerAs(clinician).sessions.start({ sessionId: booking.sessionId })).rejects.toMatchObject({ cause: { reason: "join_window_closed" } });
  });
});

describe("sessions: the join window governs the first admission only", () => {
  /** Moves a booking's start (consultation and session) so that its join window closed `agoMinutes` ago. */
  async function windowClosedAgo(booking: { id: string; sessionId: string }, agoMinutes = 5) {
    const start = new Date(Date.now() - (env.JOIN_WINDOW_AFTER_MINUTES + agoMinutes) * 60_000);
    await db.consultation.update({ where: { id: booking.id }, data: { scheduledStart: start, scheduledEnd: new Date(start.getTime() + 20 * 60_000) } });
    await db.telemedicineSession.update({ where: { id: booking.sessionId }, data: { scheduledStart: start } });
  }

  it("lets an admitted patient rejoin by reload after the window closed, and the clinician always open, join, end and bill", async () => {
    const { clinician, patientUser, booking } = await bookedConsultation();
    const doc = callerAs(clinician);
    const pat = callerAs(patientUser);
    await pat.sessions.arrive({ sessionId: booking.sessionId });
    await doc.sessions.start({ sessionId: booking.sessionId });
    await pat.sessions.join({ sessionId: booking.sessionId });
    await doc.sessions.join({ sessionId: booking.sessionId });
    await windowClosedAgo(booking);

    // The reload: the room says "open" to both, and arriving and joining work.
    expect((await pat.sessions.room({ sessionId: booking.sessionId })).joinWindow.state).toBe("open");
    expect((await doc.sessions.room({ sessionId: booking.sessionId })).joinWindow.state).toBe("open");
    await expect(pat.sessions.arrive({ sessionId: booking.sessionId })).resolves.toEqual({ status: "IN_PROGRESS", admitted: true });
    await expect(pat.sessions.join({ sessionId: booking.sessionId })).resolves.toMatchObject({
      role: "PATIENT",
      displayName: expect.not.stringMatching(/^Participant$/),
    });
    await expect(doc.sessions.join({ sessionId: booking.sessionId })).resolves.toMatchObject({ role: "CLINICIAN" });
    await expect(doc.sessions.end({ sessionId: booking.sessionId, addToBill: true })).resolves.toMatchObject({ status: "COMPLETED", charged: true });
    // Ended: nobody rejoins.
    await expect(pat.sessions.join({ sessionId: booking.sessionId })).rejects.toMatchObject({ cause: { reason: "session_completed" } });
  });

  it("still refuses a first admission after the window closed, in words for that person", async () => {
    const { clinician, patientUser, booking } = await bookedConsultation();
    const guest = await makeUser("GUEST", "Late interpreter");
    await db.sessionParticipant.create({
      data: {
        sessionId: booking.sessionId,
        userId: guest.id,
        role: "GUEST",
        displayName: "Late interpreter",
        invitedAt: new Date(),
        invitedById: clinician.id,
      },
    });
    await callerAs(patientUser).sessions.arrive({ sessionId: booking.sessionId });
    await callerAs(clinician).sessions.start({ sessionId: booking.sessionId });
    await windowClosedAgo(booking);
    expect((await callerAs(guest).sessions.room({ sessionId: booking.sessionId })).joinWindow.state).toBe("closed");
    await expect(callerAs(guest).sessions.arrive({ sessionId: booking.sessionId })).rejects.toMatchObject({ cause: { reason: "join_window_closed" } });
    await expect(callerAs(guest).sessions.join({ sessionId: booking.sessionId })).rejects.toMatchObject({ cause: { reason: "join_window_closed" } });
  });
});

describe("sessions: guests wait and are admitted from the call", () => {
  it("keeps a guest arriving during the call in the waiting room until the clinician admits them", async () => {
    const { clinician, patientUser, booking, patient } = await bookedConsultation();
    const doc = callerAs(clinician);
    await callerAs(patientUser).sessions.arrive({ sessionId: booking.sessionId });
    await doc.sessions.start({ sessionId: booking.sessionId });
    const invited = await doc.sessions.inviteGuest({ sessionId: booking.sessionId, email: `guest-${Date.now()}@example.com`, name: "Ana (interpreter)" });
    const guest = callerAs(await db.user.findUniqueOrThrow({ where: { id: invited.guestUserId } }));

    await expect(guest.sessions.arrive({ sessionId: booking.sessionId })).resolves.toEqual({ status: "IN_PROGRESS", admitted: false });
    await expect(guest.sessions.join({ sessionId: booking.sessionId })).rejects.toMatchObject({ cause: { reason: "waiting_for_clinician" } });
    const waiting = (await doc.sessions.room({ sessionId: booking.sessionId })).participants.find((p) => p.userId === invited.guestUserId);
    expect(waiting).toMatchObject({ displayName: "Ana (interpreter)", arrivedAt: expect.any(Date), admittedAt: null });

    // Only the clinician admits; once is enough.
    await expect(callerAs(patientUser).sessions.admit({ sessionId: booking.sessionId, userId: invited.guestUserId })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(doc.sessions.admit({ sessionId: booking.sessionId, userId: invited.guestUserId })).resolves.toEqual({ admitted: true });
    await expect(doc.sessions.admit({ sessionId: booking.sessionId, userId: invited.guestUserId })).resolves.toEqual({ admitted: false });
    await expect(guest.sessions.join({ sessionId: booking.sessionId })).resolves.toMatchObject({ role: "GUEST", displayName: "Ana (interpreter)" });
    expect(await db.auditEvent.count({ where: { patientId: patient.id, action: "session.admit" } })).toBe(1);
  });
});

describe("sessions: names come from the records", () => {
  it("names the clinician and patient of a session created without participant rows", async () => {
    const { clinician, patientUser, booking, patient } = await bookedConsultation();
    await db.sessionParticipant.deleteMany({ where: { sessionId: booking.sessionId } });
    await db.user.update({ where: { id: clinician.id }, data: { title: "Dr" } });
    await callerAs(patientUser).sessions.arrive({ sessionId: booking.sessionId });
    await callerAs(clinician).sessions.start({ sessionId: booking.sessionId });
    const doc = await callerAs(clinician).sessions.join({ sessionId: booking.sessionId });
    const pat = await callerAs(patientUser).sessions.join({ sessionId: booking.sessionId });
    expect(doc.displayName).toBe(`Dr ${clinician.name}`);
    expect(pat.displayName).toBe(`${patient.givenName} ${patient.familyName}`);
    const names = (await callerAs(clinician).sessions.room({ sessionId: booking.sessionId })).participants.map((p) => p.displayName).sort();
    expect(names).toEqual([`${patient.givenName} ${patient.familyName}`, `Dr ${clinician.name}`].sort());
  });
});

describe("sessions: closed visits and completed sessions", () => {
  it("only lets the visit's clinician create a session, and only while the visit is open", async () => {
    const { clinician, booking } = await bookedConsultation();
    const other = await makeClinician();
    await expect(callerAs(other).sessions.create({ visitId: booking.visitId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const created = await callerAs(clinician).sessions.create({ visitId: booking.visitId });
    expect(created.status).toBe("SCHEDULED");
    expect((await db.telemedicineSession.findUniqueOrThrow({ where: { id: created.id } })).roomName).toMatch(/^[A-Za-z0-9_-]{22}$/);
    await db.visit.update({ where: { id: booking.visitId }, data: { status: "CLOSED" } });
    await expect(callerAs(clinician).sessions.create({ visitId: booking.visitId })).rejects.toMatchObject({ cause: { reason: "visit_closed" } });
    await expect(callerAs(clinician).sessions.start({ sessionId: booking.sessionId })).rejects.toMatchObject({ cause: { reason: "visit_closed" } });
  });

  it("rejects every change to a completed session, and the database refuses too", async () => {
    const { clinician, patientUser, booking } = await bookedConsultation();
    const doc = callerAs(clinician);
    await doc.sessions.start({ sessionId: booking.sessionId });
    await doc.sessions.end({ sessionId: booking.sessionId, addToBill: false });
    const completed = { code: "PRECONDITION_FAILED", cause: { reason: "session_completed" } };
    await expect(doc.sessions.start({ sessionId: booking.sessionId })).rejects.toMatchObject(completed);
    await expect(doc.sessions.end({ sessionId: booking.sessionId, addToBill: true })).rejects.toMatchObject(completed);
    await expect(callerAs(patientUser).sessions.join({ sessionId: booking.sessionId })).rejects.toMatchObject(completed);
    await expect(callerAs(patientUser).chat.send({ sessionId: booking.sessionId, body: "late" })).rejects.toMatchObject({ cause: { reason: "session_ended" } });
    await expect(db.telemedicineSession.update({ where: { id: booking.sessionId }, data: { notes: "edited" } })).rejects.toThrow(/session_completed/);
  });

  it("completes once and charges once under ten concurrent ends", async () => {
    const { clinician, booking } = await bookedConsultation();
    const doc = callerAs(clinician);
    await doc.sessions.start({ sessionId: booking.sessionId });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => doc.sessions.end({ sessionId: booking.sessionId, addToBill: true })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results.filter((x) => x.status === "rejected")) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ cause: { reason: "session_completed" } });
    }
    expect(await db.charge.count({ where: { sessionId: booking.sessionId, code: "TELEMED-001" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { entityId: booking.sessionId, action: "session.complete" } })).toBe(1);
  });

  it("refuses to end with add-to-bill when the telemedicine item is inactive, and loses nothing", async () => {
    const { clinician, booking } = await bookedConsultation();
    const doc = callerAs(clinician);
    await doc.sessions.start({ sessionId: booking.sessionId });
    await db.serviceCatalogItem.update({ where: { code: "TELEMED-001" }, data: { active: false } });
    try {
      await expect(doc.sessions.end({ sessionId: booking.sessionId, addToBill: true })).rejects.toMatchObject({ cause: { reason: "catalog_item_inactive" } });
      expect((await db.telemedicineSession.findUniqueOrThrow({ where: { id: booking.sessionId } })).status).toBe("IN_PROGRESS");
    } finally {
      await db.serviceCatalogItem.update({ where: { code: "TELEMED-001" }, data: { active: true } });
    }
  });
});

describe("sessions: technical issues and consent", () => {
  it("records an issue with the call's statistics, and lets an admin resolve it", async () => {
    const { patientUser, booking } = await bookedConsultation();
    const issue = await callerAs(patientUser).sessions.reportIssue({
      sessionId: booking.sessionId,
      category: "AUDIO",
      description: "I cannot hear the doctor",
      userAgent: "Chromium",
      connectionStats: { rttMs: 180, packetLoss: 0.04 },
    });
    expect(issue.status).toBe("OPEN");
    const stored = await db.technicalIssue.findUniqueOrThrow({ where: { id: issue.id } });
    expect(stored.connectionStats).toEqual({ rttMs: 180, packetLoss: 0.04 });
    await expect(callerAs(patientUser).sessions.resolveIssue({ issueId: issue.id, note: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = await makeAdmin();
    await expect(callerAs(admin).sessions.resolveIssue({ issueId: issue.id, note: "Headset muted" })).resolves.toMatchObject({ status: "RESOLVED" });
  });

  it("rejects an empty description with a field-level message", async () => {
    const { patientUser, booking } = await bookedConsultation();
    await expect(callerAs(patientUser).sessions.reportIssue({ sessionId: booking.sessionId, category: "VIDEO", description: " " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("stores recording consent once per participant", async () => {
    const { patientUser, booking } = await bookedConsultation();
    const a = await callerAs(patientUser).sessions.consentToRecording({ sessionId: booking.sessionId });
    const b = await callerAs(patientUser).sessions.consentToRecording({ sessionId: booking.sessionId });
    expect(b.consentedAt).toEqual(a.consentedAt);
    expect((await callerAs(patientUser).sessions.room({ sessionId: booking.sessionId })).myRecordingConsent).toBe(true);
  });
});

describe("sessions.inviteGuest", () => {
  it("invites a guest by email: a guest account, a participant row with guest rights, and a join link email", async () => {
    const { clinician, patientUser, booking } = await bookedConsultation();
    const email = `interpreter-${Date.now()}@example.com`;
    const invited = await callerAs(clinician).sessions.inviteGuest({ sessionId: booking.sessionId, email: email.toUpperCase(), name: "Ana (interpreter)" });
    const guest = await db.user.findUniqueOrThrow({ where: { id: invited.guestUserId } });
    expect(guest).toMatchObject({ email, role: "GUEST" });
    expect(await db.joinLink.findUniqueOrThrow({ where: { id: invited.joinLinkId } })).toMatchObject({
      sessionId: booking.sessionId,
      userId: guest.id,
      role: "GUEST",
    });
    expect(await db.emailMessage.count({ where: { to: email, template: "guest-invitation" } })).toBe(1);
    await expect(callerAs(guest).sessions.room({ sessionId: booking.sessionId })).resolves.toMatchObject({ myRole: "GUEST" });
    // Twice is refused; so is a patient inviting, and an address that is a regular account.
    await expect(callerAs(clinician).sessions.inviteGuest({ sessionId: booking.sessionId, email, name: "Ana" })).rejects.toMatchObject({
      cause: { reason: "already_invited" },
    });
    await expect(callerAs(patientUser).sessions.inviteGuest({ sessionId: booking.sessionId, email: "x@example.com", name: "X" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(callerAs(clinician).sessions.inviteGuest({ sessionId: booking.sessionId, email: patientUser.email, name: "Me" })).rejects.toMatchObject({
      cause: { reason: "email_not_guest" },
    });
    await expect(callerAs(clinician).sessions.inviteGuest({ sessionId: booking.sessionId, email: "not-an-email", name: "X" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("answers another clinician like a missing session", async () => {
    const { booking } = await bookedConsultation();
    await expect(
      callerAs(await makeClinician()).sessions.inviteGuest({ sessionId: booking.sessionId, email: "y@example.com", name: "Y" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
