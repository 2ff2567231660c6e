// The waiting connection against the real LiveKit server (Playwright project "livekit" only):
// a patient in the waiting room (and the clinician in the lobby) is connected to the call's
// room before admission, so "Start and admit" starts the call without connecting. Before
// admission that connection must be worth nothing to anyone: unseen, receiving nothing,
// allowed to publish nothing, and not on the visit's record. Admission grants the call's
// rights on the same connection.
import { TrackSource } from "livekit-server-sdk";
import { TID } from "../../../lib/test-ids";
import { expect, signInViaApi, test } from "../../fixtures";
import { adminRooms, keepPeerConnections, watchSignalling, webhooksFor } from "../../fixtures/livekit-server";
import { seedVideoSession } from "../../fixtures/video-seed";
import { SessionCallPage } from "../../pages/call-page";
import type { Page } from "@playwright/test";

test.skip(({ videoProvider }) => videoProvider !== "LIVEKIT", "real LiveKit server behaviour");

/**
 * Media the page has received, per kind: packets of every inbound RTP stream on every peer
 * connection. (LiveKit negotiates receive slots ahead of any subscription, so "track" events
 * alone say nothing; packets do.)
 */
const receivedMedia = (page: Page) =>
  page.evaluate(`(async () => {
    const got = { audio: 0, video: 0 };
    for (const pc of window.__peerConnections ?? []) {
      (await pc.getStats()).forEach((s) => { if (s.type === "inbound-rtp") got[s.kind] = (got[s.kind] ?? 0) + (s.packetsReceived ?? 0); });
    }
    return got;
  })()`) as Promise<{ audio: number; video: number }>;

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as {
    sub?: string;
    attributes?: Record<string, string>;
    video?: { room?: string; canPublish?: boolean; canSubscribe?: boolean; canPublishData?: boolean; hidden?: boolean };
  };

test("a waiting patient is connected early but unseen, receiving and sending nothing, and off the record; admission starts the call on that connection", async ({
  browser,
  seed,
  db,
}) => {
  test.setTimeout(120_000);
  const clinician = await seed.clinician("Amara Okafor");
  const patient = await seed.patient({ clinicianId: clinician.id, given: "Maria" });
  const session = await seedVideoSession(db, { clinician, patient, provider: "LIVEKIT", status: "SCHEDULED" });
  const room = session.roomName;
  const [docContext, patContext] = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    await Promise.all([docContext.addInitScript({ content: keepPeerConnections }), patContext.addInitScript({ content: keepPeerConnections })]);
    const [docPage, patPage] = await Promise.all([docContext.newPage(), patContext.newPage()]);
    await Promise.all([signInViaApi(docPage, clinician), signInViaApi(patPage, patient)]);
    const docSignal = watchSignalling(docPage);
    const patSignal = watchSignalling(patPage);
    const doctor = new SessionCallPage(docPage, session.id);
    const pat = new SessionCallPage(patPage, session.id);

    // The clinician waits in the lobby; the patient checks their devices and waits.
    await doctor.open();
    await doctor.passDeviceCheck();
    await expect(docPage.getByTestId(TID.admitButton)).toBeVisible();
    await pat.open();
    await pat.passDeviceCheck();
    await expect(patPage.getByTestId(TID.waitingRoom)).toBeVisible();

    // Both are connected to the room already, each with no rights at all.
    const inRoom = async () => (await adminRooms().listParticipants(room)).sort((a, b) => a.identity.localeCompare(b.identity));
    await expect.poll(async () => (await inRoom()).map((p) => p.identity), { timeout: 20_000 }).toEqual([clinician.id, patient.id].sort());
    for (const p of await inRoom()) {
      expect(p.permission, `${p.identity} before admission`).toMatchObject({ hidden: true, canSubscribe: false, canPublish: false, canPublishData: false });
    }
    const waitingToken = claimsOf(patSignal.latest().token);
    expect(waitingToken.sub).toBe(patient.id);
    expect(waitingToken.video).toMatchObject({ room, hidden: true, canSubscribe: false, canPublish: false, canPublishData: false });
    expect(waitingToken.attributes?.["bedside.join"], "a waiting connection is no join").toBeUndefined();

    // The server told the app about the patient's connection; the app put nothing on the record.
    await expect
      .poll(async () => (await webhooksFor(room)).filter((w) => w.identity === patient.id && w.event === "participant_joined").length, { timeout: 20_000 })
      .toBeGreaterThan(0);
    // (Webhooks are handled as they arrive: give the app a moment to have recorded a stint, were it going to.)
    await patPage.waitForTimeout(1_500);
    const early = await db.participantStint.findMany({ where: { participant: { sessionId: session.id } }, include: { participant: true } });
    expect(
      early.map((s) => `${s.participant.role} ${s.connectionId}`),
      "no stint before admission",
    ).toEqual([]);

    // With the patient's camera and microphone open for seconds, nothing is published or received.
    await patPage.waitForTimeout(2_000);
    expect(
      (await inRoom()).flatMap((p) => p.tracks),
      "nothing published before admission",
    ).toEqual([]);
    expect(await receivedMedia(patPage), "the waiting patient receives no audio or video").toEqual({ audio: 0, video: 0 });
    expect(await receivedMedia(docPage), "the clinician receives no audio or video").toEqual({ audio: 0, video: 0 });
    expect(await patPage.locator("audio, video[data-testid]").count(), "no call media on the waiting page").toBe(0);

    // Admission: both see the other, on the connections made while waiting (no new connect).
    const patSockets = patSignal.sockets.length;
    const docSockets = docSignal.sockets.length;
    await docPage.getByTestId(TID.admitButton).click();
    await doctor.call.expectConnectedTo(patient.id);
    await pat.call.expectConnectedTo(clinician.id);
    expect(patSignal.sockets.length, "the patient's call runs on its waiting connection").toBe(patSockets);
    expect(docSignal.sockets.length, "the clinician's call runs on its lobby connection").toBe(docSockets);
    expect(patSignal.latest().closedAt).toBeNull();

    // The server now shows them with the call's rights, under the stint admission opened.
    const stints = await db.participantStint.findMany({ where: { participant: { sessionId: session.id } }, include: { participant: true } });
    expect(stints.map((s) => s.participant.userId).sort()).toEqual([clinician.id, patient.id].sort());
    for (const p of await inRoom()) {
      expect(p.permission).toMatchObject({ hidden: false, canSubscribe: true, canPublish: true, canPublishData: false });
      expect(p.permission?.canPublishSources).toEqual(expect.arrayContaining([TrackSource.CAMERA, TrackSource.MICROPHONE]));
      const stint = stints.find((s) => s.participant.userId === p.identity)!;
      expect(`app:${p.attributes["bedside.join"]}`).toBe(stint.connectionId);
    }
    await expect
      .poll(async () => (await inRoom()).find((p) => p.identity === patient.id)?.tracks.map((t) => t.source) ?? [])
      .toEqual(expect.arrayContaining([TrackSource.CAMERA, TrackSource.MICROPHONE]));
    // And now media flows both ways (the same measure that read zero before admission).
    await expect.poll(async () => (await receivedMedia(patPage)).video).toBeGreaterThan(0);
    await expect.poll(async () => (await receivedMedia(docPage)).audio).toBeGreaterThan(0);
  } finally {
    await Promise.all([docContext.close(), patContext.close()]);
  }
});

test("cancelling the visit while the patient waits closes the room on the server, ending their waiting connection", async ({ browser, seed, db, baseURL }) => {
  test.setTimeout(90_000);
  const clinician = await seed.clinician("Amara Okafor");
  const patient = await seed.patient({ clinicianId: clinician.id, given: "Maria" });
  const session = await seedVideoSession(db, { clinician, patient, provider: "LIVEKIT", status: "SCHEDULED" });
  const [docContext, patContext] = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const [docPage, patPage] = await Promise.all([docContext.newPage(), patContext.newPage()]);
    await Promise.all([signInViaApi(docPage, clinician), signInViaApi(patPage, patient)]);
    const patSignal = watchSignalling(patPage);
    const pat = new SessionCallPage(patPage, session.id);
    await pat.open();
    await pat.passDeviceCheck();
    await expect(patPage.getByTestId(TID.waitingRoom)).toBeVisible();
    await expect.poll(async () => (await adminRooms().listParticipants(session.roomName)).map((p) => p.identity), { timeout: 20_000 }).toEqual([patient.id]);

    // The clinic cancels (the clinician, through the app's API).
    const res = await docPage.request.post("/api/trpc/consultations.cancel", {
      data: { json: { consultationId: session.consultationId, reason: "Clinician unwell" } },
      headers: { Origin: new URL(baseURL!).origin },
    });
    expect(res.status(), await res.text()).toBe(200);

    // The server closes the room itself (the page need not be open or listening).
    await expect.poll(async () => (await adminRooms().listRooms([session.roomName])).length, { timeout: 10_000 }).toBe(0);
    await expect.poll(() => patSignal.latest().closedAt, { timeout: 10_000 }).not.toBeNull();
  } finally {
    await Promise.all([docContext.close(), patContext.close()]);
  }
});
