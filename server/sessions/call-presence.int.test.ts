// One device per person and vanished connections, at the procedure boundary: a join that
// would take over another device's call is refused until confirmed ("Continue here?"), and a
// reported presence drop ends a connection only when the realtime server itself no longer
// lists the person (so no participant can end someone else's connection in the record).
import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { env } from "@/env";
import { db } from "@/server/db";
import { createRealtime, type Realtime } from "@/server/integrations/realtime";
import { handlePresenceWebhook, PRESENCE_GRACE_MS, PresenceWebhookRejected } from "./record-presence-drop";
import { callerAs, makeBookedConsultation } from "@/tests/helpers/factories";
import { recordRealtime } from "@/tests/helpers/vitals";

async function runningCall() {
  const { clinician, patientUser, session } = await makeBookedConsultation({ start: new Date(Date.now() + 2 * 60_000) });
  const now = new Date();
  await db.telemedicineSession.update({ where: { id: session.id }, data: { status: "IN_PROGRESS", startedAt: now } });
  await db.sessionParticipant.createMany({
    data: [
      { sessionId: session.id, userId: clinician.id, role: "CLINICIAN", displayName: "Dr Test", admittedAt: now },
      { sessionId: session.id, userId: patientUser.id, role: "PATIENT", displayName: "Pat Test", arrivedAt: now, admittedAt: now },
    ],
  });
  return { clinician, patientUser, sessionId: session.id, doc: callerAs(clinician), pat: callerAs(patientUser) };
}

const openStints = (sessionId: string, userId: string) =>
  db.participantStint.findMany({ where: { participant: { sessionId, userId }, leftAt: null }, select: { connectionId: true } });

let realtime: ReturnType<typeof recordRealtime> | null = null;
afterEach(() => {
  realtime?.restore();
  realtime = null;
});

/** The realtime server's own list of who is on the call's presence channel. */
function presenceIs(members: string[] | null) {
  realtime = recordRealtime();
  const holder = globalThis as unknown as { bedsideRealtime: Realtime };
  holder.bedsideRealtime.presenceMembers = async () => members;
}

describe("sessions.join: one device per person, asked first", () => {
  it("refuses a second device with open_elsewhere until confirmed, treats a reload of the same tab as the same device, and takes over on confirming", async () => {
    const { sessionId, pat, patientUser } = await runningCall();
    const phone = await pat.sessions.join({ sessionId, takeOver: false });

    // The laptop, asking: refused, nothing changed, the phone keeps the call.
    await expect(pat.sessions.join({ sessionId, takeOver: false })).rejects.toMatchObject({ code: "CONFLICT", cause: { reason: "open_elsewhere" } });
    expect(await openStints(sessionId, patientUser.id)).toEqual([{ connectionId: `app:${phone.stintId}` }]);

    // The phone reloading (its tab remembers its join): not another device.
    const reloaded = await pat.sessions.join({ sessionId, takeOver: false, previousStintId: phone.stintId });
    expect(await openStints(sessionId, patientUser.id)).toEqual([{ connectionId: `app:${reloaded.stintId}` }]);

    // The laptop, confirming "Continue here": takes over.
    const laptop = await pat.sessions.join({ sessionId, takeOver: true });
    expect(await openStints(sessionId, patientUser.id)).toEqual([{ connectionId: `app:${laptop.stintId}` }]);
  });
});

describe("sessions.reportPresenceDrop (P2P)", () => {
  it("ends the connection of someone the realtime server no longer lists, once, audited and announced", async () => {
    const { sessionId, doc, pat, clinician, patientUser } = await runningCall();
    await doc.sessions.join({ sessionId });
    await pat.sessions.join({ sessionId });
    // Joined a while ago: long enough to have subscribed.
    await db.participantStint.updateMany({ where: { participant: { sessionId } }, data: { joinedAt: new Date(Date.now() - 60_000) } });

    presenceIs([clinician.id]);
    await expect(doc.sessions.reportPresenceDrop({ sessionId, userId: patientUser.id })).resolves.toEqual({ ended: true, checked: true });
    expect(await openStints(sessionId, patientUser.id)).toEqual([]);
    expect(await openStints(sessionId, clinician.id)).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { action: "session.presence_drop", entityId: sessionId, actorId: clinician.id } })).toBe(1);
    expect(realtime!.named("participant.left").map((e) => (e.data as { userId: string }).userId)).toEqual([patientUser.id]);
    // A second report (the patient's other watchers) changes nothing more.
    await expect(doc.sessions.reportPresenceDrop({ sessionId, userId: patientUser.id })).resolves.toEqual({ ended: false, checked: true });
    expect(await db.auditEvent.count({ where: { action: "session.presence_drop", entityId: sessionId } })).toBe(1);
  });

  it("cannot be forged: a report about someone still present, or just joined, ends nothing; outsiders are told the session does not exist", async () => {
    const { sessionId, doc, pat, clinician, patientUser } = await runningCall();
    await doc.sessions.join({ sessionId });
    await pat.sessions.join({ sessionId });

    // The patient claims the clinician dropped; the realtime server still lists them.
    presenceIs([clinician.id, patientUser.id]);
    await expect(pat.sessions.reportPresenceDrop({ sessionId, userId: clinician.id })).resolves.toEqual({ ended: false, checked: true });
    expect(await openStints(sessionId, clinician.id)).toHaveLength(1);

    // Absent, but joined a moment ago (may not have subscribed yet): left alone for now, and
    // the page is told when to ask again.
    realtime?.restore();
    presenceIs([patientUser.id]);
    const young = await pat.sessions.reportPresenceDrop({ sessionId, userId: clinician.id });
    expect(young).toMatchObject({ ended: false, checked: true });
    expect(young.retryInMs).toBeGreaterThan(PRESENCE_GRACE_MS - 2_000);
    expect(young.retryInMs).toBeLessThanOrEqual(PRESENCE_GRACE_MS + 100);
    expect(await openStints(sessionId, clinician.id)).toHaveLength(1);

    // The realtime server cannot be asked: nothing recorded, and the page is told to ask again.
    await db.participantStint.updateMany({ where: { participant: { sessionId } }, data: { joinedAt: new Date(Date.now() - 60_000) } });
    realtime?.restore();
    presenceIs(null);
    await expect(pat.sessions.reportPresenceDrop({ sessionId, userId: clinician.id })).resolves.toEqual({ ended: false, checked: false });
    expect(await openStints(sessionId, clinician.id)).toHaveLength(1);

    const other = await runningCall();
    await expect(other.doc.sessions.reportPresenceDrop({ sessionId, userId: patientUser.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.auditEvent.count({ where: { action: "session.presence_drop", entityId: sessionId, outcome: "SUCCESS" } })).toBe(0);
  });
});

/** A webhook as the realtime server sends it: JSON signed with the app's key and secret. */
function presenceWebhook(events: { name: string; channel: string; user_id: string }[], sentAt: number, secret = env.PUSHER_SECRET) {
  const body = JSON.stringify({ time_ms: sentAt, events });
  const headers = new Headers({
    "content-type": "application/json",
    "x-pusher-key": env.PUSHER_KEY,
    "x-pusher-signature": createHmac("sha256", secret).update(body).digest("hex"),
  });
  return { body, headers };
}

/** The real verifier (the app's key and secret) beside the recorded publishing and a given presence list. */
function presenceAndWebhooksAre(members: string[]) {
  presenceIs(members);
  const verifier = createRealtime(
    {
      provider: "pusher-protocol",
      host: "127.0.0.1",
      port: 1,
      useTLS: false,
      appId: env.PUSHER_APP_ID,
      key: env.PUSHER_KEY,
      secret: env.PUSHER_SECRET,
    },
    { logger: { warn: () => {}, error: () => {} } },
  );
  (globalThis as unknown as { bedsideRealtime: Realtime }).bedsideRealtime.verifyWebhook = (r) => verifier.verifyWebhook!(r);
}

describe("the realtime server's presence webhook (P2P)", () => {
  it("ends a vanished participant's connection at the time the realtime server saw it go, with no page left to report it; once; unsigned webhooks change nothing", async () => {
    const { sessionId, doc, pat, clinician, patientUser } = await runningCall();
    await doc.sessions.join({ sessionId });
    await pat.sessions.join({ sessionId });
    await db.participantStint.updateMany({ where: { participant: { sessionId } }, data: { joinedAt: new Date(Date.now() - 60_000) } });
    presenceAndWebhooksAre([clinician.id]);
    const sentAt = Date.now() - 1_500;
    const events = [{ name: "member_removed", channel: `presence-signal-${sessionId}`, user_id: patientUser.id }];

    // Signed with another secret, or edited after signing: refused, nothing recorded.
    const forged = presenceWebhook(events, sentAt, "not-the-app-secret");
    await expect(handlePresenceWebhook({ ...forged, requestId: "r1" })).rejects.toBeInstanceOf(PresenceWebhookRejected);
    const signed = presenceWebhook(events, sentAt);
    const edited = { headers: signed.headers, body: signed.body.replace(patientUser.id, clinician.id) };
    await expect(handlePresenceWebhook({ ...edited, requestId: "r2" })).rejects.toBeInstanceOf(PresenceWebhookRejected);
    expect(await openStints(sessionId, patientUser.id)).toHaveLength(1);

    await expect(handlePresenceWebhook({ ...signed, requestId: "r3" })).resolves.toBe(1);
    expect(await openStints(sessionId, patientUser.id)).toEqual([]);
    expect(await openStints(sessionId, clinician.id)).toHaveLength(1);
    const stint = await db.participantStint.findFirstOrThrow({ where: { participant: { sessionId, userId: patientUser.id } } });
    expect(stint.leftAt?.getTime()).toBe(sentAt);
    expect(await db.auditEvent.count({ where: { action: "session.presence_drop", entityId: sessionId, actorId: null } })).toBe(1);
    expect(realtime!.named("participant.left").map((e) => (e.data as { userId: string }).userId)).toEqual([patientUser.id]);
    // Delivered again (a retry), or reported by the clinician's page too: nothing more to end.
    await expect(handlePresenceWebhook({ ...signed, requestId: "r4" })).resolves.toBe(0);
    await expect(doc.sessions.reportPresenceDrop({ sessionId, userId: patientUser.id })).resolves.toEqual({ ended: false, checked: true });
    expect(await db.auditEvent.count({ where: { action: "session.presence_drop", entityId: sessionId } })).toBe(1);
  });

  it("a connection too new to judge is looked at again once past the grace, and ended at the drop's time unless the person is back", async () => {
    const { sessionId, doc, pat, clinician, patientUser } = await runningCall();
    await doc.sessions.join({ sessionId });
    await pat.sessions.join({ sessionId });
    presenceAndWebhooksAre([clinician.id]);
    const sentAt = Date.now();
    const hook = presenceWebhook([{ name: "member_removed", channel: `presence-signal-${sessionId}`, user_id: patientUser.id }], sentAt);
    const later: { ms: number; run: () => Promise<unknown> }[] = [];
    await expect(handlePresenceWebhook({ ...hook, requestId: "r1", later: (ms, run) => later.push({ ms, run }) })).resolves.toBe(0);
    expect(await openStints(sessionId, patientUser.id)).toHaveLength(1);
    expect(later).toHaveLength(1);
    expect(later[0]!.ms).toBeGreaterThan(PRESENCE_GRACE_MS - 2_000);

    // The grace has passed (the stint is made older rather than the test waiting).
    await db.participantStint.updateMany({ where: { participant: { sessionId } }, data: { joinedAt: new Date(sentAt - PRESENCE_GRACE_MS - 1_000) } });
    await later[0]!.run();
    const stint = await db.participantStint.findFirstOrThrow({ where: { participant: { sessionId, userId: patientUser.id } } });
    expect(stint.leftAt?.getTime()).toBe(sentAt);

    // A reload that is back on the channel by the second look keeps its connection.
    const again = await pat.sessions.join({ sessionId });
    await db.participantStint.updateMany({ where: { connectionId: `app:${again.stintId}` }, data: { joinedAt: new Date(Date.now() - 1_000) } });
    const second: { ms: number; run: () => Promise<unknown> }[] = [];
    await handlePresenceWebhook({
      ...presenceWebhook([{ name: "member_removed", channel: `presence-signal-${sessionId}`, user_id: patientUser.id }], Date.now()),
      requestId: "r2",
      later: (ms, run) => second.push({ ms, run }),
    });
    expect(second).toHaveLength(1);
    realtime?.restore();
    presenceAndWebhooksAre([clinician.id, patientUser.id]);
    await db.participantStint.updateMany({
      where: { connectionId: `app:${again.stintId}` },
      data: { joinedAt: new Date(Date.now() - PRESENCE_GRACE_MS - 1_000) },
    });
    await second[0]!.run();
    expect(await openStints(sessionId, patientUser.id)).toEqual([{ connectionId: `app:${again.stintId}` }]);
  });

  it("ignores what is not a call's signalling channel, a LiveKit call and someone who is not a participant", async () => {
    const { sessionId, doc, clinician } = await runningCall();
    await doc.sessions.join({ sessionId });
    await db.participantStint.updateMany({ where: { participant: { sessionId } }, data: { joinedAt: new Date(Date.now() - 60_000) } });
    presenceAndWebhooksAre([]);
    const other = await runningCall();
    const events = [
      { name: "member_removed", channel: `presence-session-${sessionId}`, user_id: clinician.id },
      { name: "member_added", channel: `presence-signal-${sessionId}`, user_id: clinician.id },
      { name: "member_removed", channel: `presence-signal-${sessionId}`, user_id: other.patientUser.id },
    ];
    await expect(handlePresenceWebhook({ ...presenceWebhook(events, Date.now()), requestId: "r1" })).resolves.toBe(0);
    await db.telemedicineSession.update({ where: { id: sessionId }, data: { provider: "LIVEKIT" } });
    const removed = [{ name: "member_removed", channel: `presence-signal-${sessionId}`, user_id: clinician.id }];
    await expect(handlePresenceWebhook({ ...presenceWebhook(removed, Date.now()), requestId: "r2" })).resolves.toBe(0);
    expect(await openStints(sessionId, clinician.id)).toHaveLength(1);
  });
});
