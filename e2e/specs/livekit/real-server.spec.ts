// What only the real LiveKit server can prove (Playwright project "livekit" only): media
// through the SFU, the server's own disconnect when the clinician ends the session, token
// rights enforced by the server, participant times from the webhooks the server sends
// (and a lost one repaired by the reconciler reading the server's room list), and a
// network drop survived without a new join.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { AccessToken, TrackSource } from "livekit-server-sdk";
import { TID } from "../../../lib/test-ids";
import { createLiveKitProvider, joinGrant } from "../../../server/integrations/video/livekit";
import { expect, signInViaApi, test } from "../../fixtures";
import {
  adminRooms,
  keepPeerConnections,
  liveKitRuntime,
  loseNextWebhook,
  runVideoReconciler,
  twirpAs,
  validateJoinToken,
  watchSignalling,
  webhooksFor,
} from "../../fixtures/livekit-server";
import { seedVideoSession } from "../../fixtures/video-seed";
import { expectLiveVideo, SessionCallPage } from "../../pages/call-page";
import { SessionRoomPage } from "../../pages/session-room-page";
import type { Browser, Page } from "@playwright/test";
import type { PrismaClient } from "../../../server/generated/prisma/client";
import type { Seeder } from "../../fixtures/seed";

test.skip(({ videoProvider }) => videoProvider !== "LIVEKIT", "real LiveKit server behaviour");

/** The local UDP ports of a page's open peer connections (its media sockets), recorded by inCall. */
async function mediaPorts(page: Page): Promise<number[]> {
  return (await page.evaluate(`(async () => {
    const ports = new Set();
    for (const pc of window.__peerConnections ?? []) {
      if (pc.connectionState === "closed") continue;
      (await pc.getStats()).forEach((s) => { if (s.type === "local-candidate" && s.protocol === "udp" && s.port) ports.add(s.port); });
    }
    return [...ports];
  })()`)) as number[];
}

/** A clinician and a patient in a running LiveKit call, both connected. */
async function inCall(browser: Browser, seed: Seeder, db: PrismaClient) {
  const clinician = await seed.clinician("Amara Okafor");
  const patient = await seed.patient({ clinicianId: clinician.id, given: "Maria" });
  const session = await seedVideoSession(db, { clinician, patient, provider: "LIVEKIT" });
  const [docContext, patContext] = await Promise.all([browser.newContext(), browser.newContext()]);
  // The patient's peer connections, for mediaPorts().
  await patContext.addInitScript({ content: keepPeerConnections });
  const [docPage, patPage] = await Promise.all([docContext.newPage(), patContext.newPage()]);
  await Promise.all([signInViaApi(docPage, clinician), signInViaApi(patPage, patient)]);
  const docSignal = watchSignalling(docPage);
  const patSignal = watchSignalling(patPage);
  const doctor = new SessionCallPage(docPage, session.id);
  const pat = new SessionCallPage(patPage, session.id);
  await doctor.open();
  await doctor.join();
  await pat.open();
  await pat.join();
  await doctor.call.expectConnectedTo(patient.id);
  await pat.call.expectConnectedTo(clinician.id);
  return {
    clinician,
    patient,
    session,
    doctor,
    pat,
    docSignal,
    patSignal,
    close: () => Promise.all([docContext.close(), patContext.close()]),
  };
}

test.describe("the real LiveKit server", () => {
  test.describe.configure({ timeout: 120_000 });

  test("media goes through the SFU both ways; mute and screen share reach the other side", async ({ browser, seed, db }) => {
    const call = await inCall(browser, seed, db);
    try {
      const rooms = adminRooms();
      // The server forwards each side's camera and microphone.
      const published = async (identity: string) => {
        const p = (await rooms.listParticipants(call.session.roomName)).find((x) => x.identity === identity);
        return (p?.tracks ?? []).map((t) => ({ source: t.source, muted: t.muted }));
      };
      await expect
        .poll(() => published(call.patient.id))
        .toEqual(
          expect.arrayContaining([expect.objectContaining({ source: TrackSource.CAMERA }), expect.objectContaining({ source: TrackSource.MICROPHONE })]),
        );
      await expect.poll(() => published(call.clinician.id)).toEqual(expect.arrayContaining([expect.objectContaining({ source: TrackSource.CAMERA })]));

      // Mute: the server marks the track muted and the clinician's tile shows it.
      await call.pat.call.toggleMic();
      await expect(call.doctor.call.remoteTile(call.patient.id)).toHaveAttribute("data-muted", "true");
      await expect.poll(async () => (await published(call.patient.id)).find((t) => t.source === TrackSource.MICROPHONE)?.muted).toBe(true);
      await call.pat.call.toggleMic();
      await expect(call.doctor.call.remoteTile(call.patient.id)).toHaveAttribute("data-muted", "false");

      // Screen share from the clinician: a second, live tile on the patient's side.
      await call.doctor.page.getByTestId(TID.callToggleScreen).click();
      await expect.poll(async () => (await published(call.clinician.id)).some((t) => t.source === TrackSource.SCREEN_SHARE), { timeout: 20_000 }).toBe(true);
      const screenTile = call.pat.page.getByTestId(TID.callRemoteTile).and(call.pat.page.locator(`[data-user-id="${call.clinician.id}"][data-screen="on"]`));
      await expectLiveVideo(screenTile.getByTestId(TID.callRemoteVideo), "the clinician's shared screen");
      await call.doctor.page.getByTestId(TID.callToggleScreen).click();
      await expect(screenTile).toHaveCount(0, { timeout: 20_000 });
    } finally {
      await call.close();
    }
  });

  test("End session disconnects everyone from the LiveKit room at once, and an old token is refused", async ({ browser, seed, db }) => {
    const call = await inCall(browser, seed, db);
    try {
      const patToken = call.patSignal.latest().token;
      expect((await validateJoinToken(patToken)).status, "the patient's token works while the session runs").toBe(200);

      await new SessionRoomPage(call.doctor.page).end("Reviewed; no follow-up needed.");
      // Measured from when the app ended the session (the End dialog itself may take a while on a busy machine).
      const endedAtOf = async () => (await db.telemedicineSession.findUniqueOrThrow({ where: { id: call.session.id }, select: { endedAt: true } })).endedAt;
      await expect.poll(endedAtOf, { timeout: 30_000 }).not.toBeNull();
      const endedAt = (await endedAtOf())!.getTime();
      // The server drops both connections itself (the room is deleted), within seconds.
      await expect.poll(() => call.patSignal.latest().closedAt, { timeout: 10_000 }).not.toBeNull();
      await expect.poll(() => call.docSignal.latest().closedAt, { timeout: 10_000 }).not.toBeNull();
      expect(call.patSignal.latest().closedAt! - endedAt).toBeLessThan(10_000);
      expect(await adminRooms().listRooms([call.session.roomName])).toHaveLength(0);
      await expect.poll(async () => (await webhooksFor(call.session.roomName)).map((w) => w.event)).toEqual(expect.arrayContaining(["room_finished"]));

      // The same token again: the server refuses (the room is gone and only the app creates rooms).
      const again = await validateJoinToken(patToken);
      expect(again.status).toBe(404);
      expect(again.body).toMatch(/room/i);
      await expect(call.pat.page.getByTestId(TID.sessionCompleted)).toBeVisible();
    } finally {
      await call.close();
    }
  });

  test("join tokens are least privilege against the server: no room administration, no other room", async ({ browser, seed, db }) => {
    const call = await inCall(browser, seed, db);
    try {
      const room = call.session.roomName;
      const patToken = call.patSignal.latest().token;
      // A guest's token, minted by the app's own LiveKit provider for this room.
      const lk = liveKitRuntime();
      const provider = createLiveKitProvider({
        apiUrl: lk.serverUrl,
        publicUrl: lk.wsUrl,
        apiKey: lk.apiKey,
        apiSecret: lk.apiSecret,
        tokenTtlSeconds: 600,
        emptyTimeoutSeconds: 900,
        departureTimeoutSeconds: 300,
        recordings: { kind: "local", dir: "/data/recordings" },
      });
      const guest = await provider.connectionDetails({
        sessionId: call.session.id,
        roomName: room,
        identity: "guest-interpreter",
        displayName: "Ana",
        role: "GUEST",
      });
      if (guest.provider !== "LIVEKIT") throw new Error("expected LiveKit connection details");

      for (const [who, token] of [
        ["patient", patToken],
        ["guest", guest.token],
      ] as const) {
        const attempts = [
          ["ListParticipants", { room }],
          ["RemoveParticipant", { room, identity: call.clinician.id }],
          ["UpdateParticipant", { room, identity: who === "patient" ? call.patient.id : "guest-interpreter", metadata: '{"role":"CLINICIAN"}' }],
          ["UpdateRoomMetadata", { room, metadata: "taken over" }],
          ["ListRooms", {}],
          ["DeleteRoom", { room }],
        ] as const;
        for (const [method, body] of attempts) {
          const answer = await twirpAs(token, "RoomService", method, body);
          expect([401, 403], `${who} token → RoomService/${method}: ${answer.status} ${answer.body}`).toContain(answer.status);
        }
      }
      // Nothing happened: both are still in the room, with their own roles.
      const inRoom = await adminRooms().listParticipants(room);
      expect(inRoom.map((p) => p.identity).sort()).toEqual([call.clinician.id, call.patient.id].sort());
      await call.doctor.call.expectConnectedTo(call.patient.id);

      // A token names its room: the app's patient grant for a room the app has not opened is
      // refused by the server (only the app creates rooms).
      const otherRoom = new AccessToken(lk.apiKey, lk.apiSecret, { identity: call.patient.id, ttl: 600 });
      otherRoom.addGrant(joinGrant("PATIENT", `room-not-opened-${Date.now()}`));
      expect((await validateJoinToken(await otherRoom.toJwt())).status).toBe(404);
      // And the patient's own token lets them into their room only: its grant names it.
      expect((await validateJoinToken(patToken)).status).toBe(200);
    } finally {
      await call.close();
    }
  });

  test("participant times come from the server's webhooks (join, leave, rejoin)", async ({ browser, seed, db }) => {
    test.setTimeout(180_000);
    const call = await inCall(browser, seed, db);
    try {
      const room = call.session.roomName;
      const stints = () =>
        db.participantStint.findMany({
          where: { participant: { sessionId: call.session.id, userId: call.patient.id } },
          orderBy: { joinedAt: "asc" },
        });
      // Joins and leaves only (the server also reports the patient's track_published events).
      const patientEvents = async () =>
        (await webhooksFor(room)).filter((w) => w.identity === call.patient.id && !w.dropped && w.event.startsWith("participant_")).map((w) => w.event);

      // Joined: the server said so, and the stint is connected.
      await expect.poll(patientEvents).toEqual(["participant_joined"]);
      await expect.poll(async () => (await stints())[0]?.connectedAt ?? null).not.toBeNull();

      // Leave, then rejoin.
      const leftClick = Date.now();
      await call.pat.call.leave();
      await expect.poll(patientEvents, { timeout: 20_000 }).toEqual(["participant_joined", "participant_left"]);
      const rejoinClick = Date.now();
      await call.pat.page.getByTestId("rejoin").click();
      await call.pat.call.expectConnectedTo(call.clinician.id);
      await expect.poll(patientEvents, { timeout: 20_000 }).toEqual(["participant_joined", "participant_left", "participant_joined"]);

      await expect
        .poll(async () => (await stints()).map((s) => [s.leftAt !== null, s.connectedAt !== null]))
        .toEqual([
          [true, true],
          [false, true],
        ]);
      const [first, second] = await stints();
      // Webhook times have one-second resolution.
      expect(first!.leftAt!.getTime()).toBeGreaterThanOrEqual(leftClick - 1_000);
      expect(first!.leftAt!.getTime()).toBeLessThanOrEqual(rejoinClick + 1_000);
      expect(second!.joinedAt.getTime()).toBeGreaterThanOrEqual(first!.leftAt!.getTime() - 1_000);
      expect(first!.connectionId).not.toBe(second!.connectionId);
    } finally {
      await call.close();
    }
  });

  // The page records its own Leave (sessions.leave, and a beacon on page hide), so the only
  // record of a participant whose browser dies is LiveKit's participant_left: when that is
  // lost too, the reconciler must close the stint from the server's own room list.
  test("a vanished participant whose participant_left webhook is lost is closed by the reconciler reading the real server's room list", async ({
    browser,
    seed,
    db,
  }) => {
    test.setTimeout(180_000);
    const call = await inCall(browser, seed, db);
    try {
      const room = call.session.roomName;
      const patientStints = () =>
        db.participantStint.findMany({
          where: { participant: { sessionId: call.session.id, userId: call.patient.id } },
          orderBy: { joinedAt: "asc" },
          select: { id: true, participantId: true, connectionId: true, connectedAt: true, leftAt: true },
        });
      await expect
        .poll(async () => (await patientStints()).map((s) => [s.connectionId !== null, s.connectedAt !== null, s.leftAt]))
        .toEqual([[true, true, null]]);
      const [stint] = await patientStints();
      const inRoom = async () => (await adminRooms().listParticipants(room)).map((p) => p.identity).sort();
      expect(await inRoom()).toEqual([call.clinician.id, call.patient.id].sort());

      // Whatever the patient's page might still say about leaving is watched (there must be nothing).
      const leaveReports: string[] = [];
      call.pat.page.context().on("request", (r) => {
        if (/\/api\/sessions\/[^/]+\/leave|sessions\.leave/.test(r.url())) leaveReports.push(r.url());
      });
      await loseNextWebhook({ event: "participant_left", room, identity: call.patient.id });
      // The patient's browser dies: the renderer crashes — no pagehide, no beacon, no Leave, no
      // LiveKit leave message; its connections just stop. (The CDP call itself never answers.)
      const cdp = await call.pat.page.context().newCDPSession(call.pat.page);
      void cdp.send("Page.crash").catch(() => undefined);

      // LiveKit notices on its own and sends participant_left, which the relay loses.
      await expect
        .poll(async () => (await webhooksFor(room)).some((w) => w.dropped && w.event === "participant_left" && w.identity === call.patient.id), {
          message: "LiveKit sent participant_left for the vanished patient (lost on purpose)",
          timeout: 90_000,
        })
        .toBe(true);
      await expect.poll(inRoom, { message: "LiveKit no longer lists the patient" }).toEqual([call.clinician.id]);
      expect(leaveReports, "the crashed page reported no leave of its own").toEqual([]);
      expect((await patientStints())[0]!.leftAt, "nothing else closed the stint: the app never heard the patient leave").toBeNull();

      // One reconciler run, past its grace period, reads the server's room list and closes it.
      const reconcilerAt = Date.now();
      const summary = await runVideoReconciler([call.session.id], 3);
      expect(summary).toEqual({ sessionsCompleted: 0, stintsOpened: 0, stintsClosed: 1, recordingsRepaired: 0 });
      const [after] = await patientStints();
      expect(after!.id).toBe(stint!.id);
      expect(after!.leftAt).not.toBeNull();
      expect(after!.leftAt!.getTime()).toBeGreaterThan(reconcilerAt);
      const repaired = await db.auditEvent.findFirst({
        where: { action: "session.participant_left", entityId: stint!.participantId, metadata: { path: ["repaired"], equals: true } },
      });
      expect(repaired, "the repair is audited as one").not.toBeNull();
      // The clinician, still in the call, is untouched: their stint stays open and they stay in the room.
      const clinicianOpen = await db.participantStint.count({
        where: { participant: { sessionId: call.session.id, userId: call.clinician.id }, leftAt: null },
      });
      expect(clinicianOpen).toBe(1);
      expect(await inRoom()).toEqual([call.clinician.id]);
    } finally {
      await call.close();
    }
  });

  test("a participant whose network drops sees Reconnecting… and comes back without a new join", async ({ browser, seed, db }) => {
    // Drops the patient's media packets with iptables: only inside the suite's own
    // loopback-only network namespace (never on a machine's real firewall), and only the
    // patient's own UDP ports, so calls in parallel tests keep their media.
    test.setTimeout(180_000);
    const onlyLoopback = readFileSync("/proc/net/dev", "utf8")
      .split("\n")
      .slice(2)
      .filter((l) => l.trim())
      .every((l) => l.trim().startsWith("lo:"));
    test.skip(!onlyLoopback, "needs the loopback-only network namespace scripts/test.sh runs the suite in");
    const call = await inCall(browser, seed, db);
    const stintCount = () => db.participantStint.count({ where: { participant: { sessionId: call.session.id } } });
    // A new join would go through the app (sessions.join) for a new token and a new stint.
    const appJoins: string[] = [];
    call.pat.page.on("request", (r) => {
      if (/\/api\/trpc\/[^?]*sessions\.join/.test(r.url())) appJoins.push(r.url());
    });
    // The claims that make a connection this participant's: LiveKit refreshes a connected
    // client's token, so a resumed connection may carry a newer token for the same join.
    const claims = (token: string) => {
      const c = JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as {
        sub?: string;
        attributes?: Record<string, string>;
        video?: { room?: string };
      };
      return { identity: c.sub, join: c.attributes?.["bedside.join"], room: c.video?.room };
    };
    const ports = await mediaPorts(call.pat.page);
    expect(ports.length, "the patient's media sockets").toBeGreaterThan(0);
    expect(ports).not.toContain(liveKitRuntime().udpPort);
    const rules = ports.flatMap((p) => [
      ["OUTPUT", "-p", "udp", "--sport", String(p), "-j", "DROP"],
      ["OUTPUT", "-p", "udp", "--dport", String(p), "-j", "DROP"],
    ]);
    const added: string[][] = [];
    const unblock = () => {
      for (const rule of added.splice(0)) execFileSync("iptables", ["-D", ...rule]);
    };
    try {
      const before = await stintCount();
      const joinsBefore = call.patSignal.sockets.length;
      for (const rule of rules) {
        execFileSync("iptables", ["-A", ...rule]);
        added.push(rule);
      }
      await expect(call.pat.call.state()).toHaveAttribute("data-state", "reconnecting", { timeout: 30_000 });
      await expect(call.pat.call.state()).toContainText("reconnecting");
      await call.pat.page.waitForTimeout(3_000);
      unblock();
      // LiveKit resumes the connection, or replaces it under the same join (more than one round
      // on a busy machine: see expectBackInCallWith).
      await call.pat.call.expectBackInCallWith(call.clinician.id);
      await call.doctor.call.expectBackInCallWith(call.patient.id);
      // No new join: the app opened no new stint, and the page asked the app for no new token.
      expect(await stintCount()).toBe(before);
      expect(appJoins, "the page did not join again through the app").toEqual([]);
      const original = claims(call.patSignal.sockets[joinsBefore - 1]!.token);
      expect(original.join).toBeTruthy();
      for (const socket of call.patSignal.sockets.slice(joinsBefore)) expect(claims(socket.token)).toEqual(original);
    } finally {
      unblock();
      await call.close();
    }
  });
});
