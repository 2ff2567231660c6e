// The LiveKit provider with the real livekit-server-sdk: tokens decoded with TokenVerifier,
// room and egress calls checked at a local HTTP endpoint standing in for LiveKit's Twirp
// API, webhooks signed the way LiveKit signs them.
import { decodeJwt } from "jose";
import { TokenVerifier } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLiveKitApiStandIn, TwirpFailure, type LiveKitApiStandIn } from "@/tests/helpers/livekit-api-stand-in";
import { egressEvent, participantEvent, signWebhook } from "@/tests/helpers/livekit-webhooks";
import { createLiveKitProvider, type LiveKitConfig } from "./livekit";
import { createP2PProvider } from "./p2p";
import { WebhookVerificationError, type VideoProvider } from "./types";

const creds = { apiKey: "APIbedsidetest", apiSecret: "bedside-test-secret-0123456789abcdefghij" };
const roomName = "room-7hq2kz9x4c1m";
const sessionId = "ckz1q2w3e4r5t6y7u8i9o0pa";

let standIn: LiveKitApiStandIn;
let livekit: VideoProvider;

function config(overrides: Partial<LiveKitConfig> = {}): LiveKitConfig {
  return {
    apiUrl: standIn.url,
    publicUrl: "wss://video.clinic.example",
    ...creds,
    tokenTtlSeconds: 600,
    emptyTimeoutSeconds: 900,
    departureTimeoutSeconds: 300,
    recordings: { kind: "local", dir: "/data/recordings/" },
    ...overrides,
  };
}

beforeAll(async () => {
  standIn = await startLiveKitApiStandIn(creds);
  livekit = createLiveKitProvider(config());
});
afterAll(() => standIn?.close());

describe("LiveKit join tokens", () => {
  const verifier = new TokenVerifier(creds.apiKey, creds.apiSecret);
  const join = (role: "CLINICIAN" | "PATIENT" | "GUEST") =>
    livekit.connectionDetails({ sessionId, roomName, identity: `user-${role.toLowerCase()}`, displayName: "Dr Okafor", role });

  it("admits exactly one identity to exactly one room, for at most ten minutes", async () => {
    const details = await join("PATIENT");
    expect(details).toMatchObject({ provider: "LIVEKIT", url: "wss://video.clinic.example" });
    if (details.provider !== "LIVEKIT") throw new Error("expected LiveKit details");

    const claims = await verifier.verify(details.token);
    expect(claims.sub).toBe("user-patient");
    expect(claims.name).toBe("Dr Okafor");
    expect(claims.video?.room).toBe(roomName);
    expect(claims.video?.roomJoin).toBe(true);
    const { exp, nbf } = decodeJwt(details.token);
    expect(exp! - nbf!).toBeLessThanOrEqual(600);
    expect(exp! - nbf!).toBeGreaterThan(0);
  });

  it.each([
    ["CLINICIAN", ["camera", "microphone", "screen_share"]],
    ["PATIENT", ["camera", "microphone", "screen_share"]],
    ["GUEST", ["camera", "microphone"]],
  ] as const)("gives a %s only the publish rights of that role and no admin rights", async (role, sources) => {
    const details = await join(role);
    if (details.provider !== "LIVEKIT") throw new Error("expected LiveKit details");
    const video = (await verifier.verify(details.token)).video!;

    expect(video.canPublishSources).toEqual(sources);
    expect(video.canSubscribe).toBe(true);
    expect(video.canPublishData).toBe(false);
    expect(video.canUpdateOwnMetadata).toBe(false);
    for (const admin of ["roomAdmin", "roomCreate", "roomList", "roomRecord", "ingressAdmin", "hidden", "recorder", "agent"] as const) {
      expect(video[admin] ?? false, admin).toBe(false);
    }
    expect((await verifier.verify(details.token)).attributes).toEqual({ role });
  });

  it("gives a waiting connection no rights at all: hidden, no subscribing, no publishing, no data, no join; short-lived", async () => {
    const details = await livekit.waitingConnectionDetails({ sessionId, roomName, identity: "user-patient", displayName: "Maria", role: "PATIENT" });
    if (details.provider !== "LIVEKIT") throw new Error("expected LiveKit details");
    const claims = await verifier.verify(details.token);
    expect(claims.sub).toBe("user-patient");
    expect(claims.video).toMatchObject({ room: roomName, roomJoin: true, hidden: true, canSubscribe: false, canPublish: false, canPublishData: false });
    expect(claims.video?.canPublishSources ?? []).toEqual([]);
    for (const admin of ["roomAdmin", "roomCreate", "roomList", "roomRecord", "recorder", "canUpdateOwnMetadata"] as const) {
      expect(claims.video?.[admin] ?? false, admin).toBe(false);
    }
    // Not a join: no stint id for webhooks to report it under.
    expect(claims.attributes).toEqual({ role: "PATIENT", "bedside.waiting": "1" });
    const { exp, nbf } = decodeJwt(details.token);
    expect(exp! - nbf!).toBeLessThanOrEqual(120);
  });

  it("refuses to be configured with tokens living longer than ten minutes", () => {
    expect(() => createLiveKitProvider(config({ tokenTtlSeconds: 601 }))).toThrow(/10 minutes/);
  });

  it("rejects a token signed with another secret", async () => {
    const details = await join("GUEST");
    if (details.provider !== "LIVEKIT") throw new Error("expected LiveKit details");
    await expect(new TokenVerifier(creds.apiKey, "another-secret-0123456789abcdefghijkl").verify(details.token)).rejects.toThrow();
  });
});

describe("LiveKit room service (against the Twirp stand-in)", () => {
  it("creates the session's room with the empty and departure timeouts and room for four", async () => {
    await livekit.prepareRoom({ sessionId, roomName });
    const [call] = standIn.callsTo("RoomService/CreateRoom").slice(-1);
    expect(call?.body).toMatchObject({ name: roomName, emptyTimeout: 900, departureTimeout: 300, maxParticipants: 4 });
    expect(call?.grants.video?.roomCreate).toBe(true);
  });

  it("deletes the room when the session ends, and treats an already-gone room as done", async () => {
    await livekit.closeRoom({ roomName });
    expect(standIn.callsTo("RoomService/DeleteRoom").at(-1)?.body).toEqual({ room: roomName });

    standIn.on("RoomService/DeleteRoom", () => new TwirpFailure(404, "not_found", "room not found"));
    await expect(livekit.closeRoom({ roomName })).resolves.toBeUndefined();
  });

  it("removes a participant with a room-admin token for that room only", async () => {
    await livekit.removeParticipant({ roomName, identity: "user-guest" });
    const call = standIn.callsTo("RoomService/RemoveParticipant").at(-1)!;
    expect(call.body).toMatchObject({ room: roomName, identity: "user-guest" });
    expect(call.grants.video).toMatchObject({ roomAdmin: true, room: roomName });

    standIn.on("RoomService/RemoveParticipant", () => new TwirpFailure(404, "not_found", "participant not found"));
    await expect(livekit.removeParticipant({ roomName, identity: "user-gone" })).resolves.toBeUndefined();
  });

  it("admits a waiting connection in place: the role's rights, visible, reported under the new join", async () => {
    standIn.on("RoomService/UpdateParticipant", (b) => ({ sid: "PA_w", identity: b.identity, kind: "STANDARD" }));
    await expect(livekit.admitInPlace({ roomName, identity: "user-guest", role: "GUEST", joinId: "join-1" })).resolves.toBe(true);
    const call = standIn.callsTo("RoomService/UpdateParticipant").at(-1)!;
    expect(call.body).toMatchObject({
      room: roomName,
      identity: "user-guest",
      attributes: { role: "GUEST", "bedside.join": "join-1", "bedside.waiting": "" },
      permission: { canSubscribe: true, canPublish: true, canPublishSources: ["CAMERA", "MICROPHONE"] },
    });
    // Defaults (false) are left out of the JSON body: none of these is granted.
    for (const off of ["hidden", "canPublishData", "recorder", "canUpdateMetadata"])
      expect((call.body.permission as Record<string, unknown>)[off] ?? false, off).toBe(false);
    expect(call.grants.video).toMatchObject({ roomAdmin: true, room: roomName });
  });

  it("answers false, never throws, when the waiting participant is not connected or LiveKit fails", async () => {
    standIn.on("RoomService/UpdateParticipant", () => new TwirpFailure(404, "not_found", "participant not found"));
    await expect(livekit.admitInPlace({ roomName, identity: "user-gone", role: "PATIENT", joinId: "join-2" })).resolves.toBe(false);
    standIn.on("RoomService/UpdateParticipant", () => new TwirpFailure(503, "unavailable", "no nodes"));
    await expect(livekit.admitInPlace({ roomName, identity: "user-patient", role: "PATIENT", joinId: "join-3" })).resolves.toBe(false);
  });

  it("lists only people in the call: a waiting (hidden) connection is left out", async () => {
    standIn.on("RoomService/ListParticipants", () => ({
      participants: [
        { sid: "PA_1", identity: "user-clinician", joinedAtMs: "1763715600000", kind: "STANDARD" },
        { sid: "PA_2", identity: "user-patient", joinedAtMs: "1763715600000", kind: "STANDARD", permission: { hidden: true } },
        { sid: "PA_3", identity: "user-guest", joinedAtMs: "1763715600000", kind: "STANDARD", attributes: { role: "GUEST", "bedside.waiting": "1" } },
      ],
    }));
    expect((await livekit.listParticipants({ roomName })).map((p) => p.identity)).toEqual(["user-clinician"]);
  });

  it("reports LiveKit being down as a retryable error with a message for the person", async () => {
    standIn.on("RoomService/CreateRoom", () => new TwirpFailure(503, "unavailable", "no nodes"));
    await expect(livekit.prepareRoom({ sessionId, roomName })).rejects.toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      reason: "video_provider_unavailable",
    });
  });

  it("lists rooms and the people in them, leaving out the recorder", async () => {
    standIn.on("RoomService/ListRooms", () => ({ rooms: [{ name: roomName, sid: "RM_1" }] }));
    standIn.on("RoomService/ListParticipants", () => ({
      participants: [
        { sid: "PA_1", identity: "user-patient", joinedAtMs: "1763715600000", kind: "STANDARD" },
        { sid: "EG_1", identity: "EG_recorder", kind: "EGRESS" },
      ],
    }));
    expect(await livekit.listRooms()).toEqual([{ roomName }]);
    expect(await livekit.listParticipants({ roomName })).toEqual([{ identity: "user-patient", connectionId: "PA_1", joinedAt: new Date(1763715600000) }]);
  });
});

describe("LiveKit recording (against the Twirp stand-in)", () => {
  it("asks Egress for the patient's video with every participant's audio, as an MP4 in the recordings directory", async () => {
    const egress = await livekit.startRecording({ sessionId, roomName, subjectIdentity: "user-patient" });
    const call = standIn.callsTo("Egress/StartEgress").at(-1)!;

    expect(egress).toMatchObject({ roomName, status: "STARTING" });
    expect(egress.egressId).toMatch(/^EG_/);
    expect(call.grants.video?.roomRecord).toBe(true);
    expect(call.body).toMatchObject({
      roomName,
      media: { participantVideo: { identity: "user-patient", preferScreenShare: true }, audio: { captureAll: true } },
      outputs: [{ file: { fileType: "MP4", filepath: `/data/recordings/${sessionId}/{time}.mp4` } }],
    });
    // Not a room composite: no Chrome template.
    expect(call.body).not.toHaveProperty("template");
  });

  it("uploads to S3-compatible storage when a bucket is configured", async () => {
    const s3 = createLiveKitProvider(
      config({
        recordings: {
          kind: "s3",
          bucket: "clinic-recordings",
          endpoint: "http://minio:9000",
          region: "eu-west-1",
          accessKey: "AK",
          secret: "SK",
          forcePathStyle: true,
        },
      }),
    );
    await s3.startRecording({ sessionId, roomName, subjectIdentity: "user-patient" });
    expect(standIn.callsTo("Egress/StartEgress").at(-1)!.body).toMatchObject({
      outputs: [
        {
          file: { filepath: `recordings/${sessionId}/{time}.mp4` },
          storage: { s3: { bucket: "clinic-recordings", endpoint: "http://minio:9000", region: "eu-west-1", forcePathStyle: true } },
        },
      ],
    });
  });

  it("falls back to a participant egress on an Egress that predates StartEgress", async () => {
    const warnings: string[] = [];
    const old = createLiveKitProvider(config({ warn: (_, message) => warnings.push(message) }));
    standIn.on("Egress/StartEgress", () => new TwirpFailure(404, "bad_route", "no handler"));

    const egress = await old.startRecording({ sessionId, roomName, subjectIdentity: "user-patient" });

    expect(egress.egressId).toMatch(/^EG_/);
    expect(standIn.callsTo("Egress/StartParticipantEgress").at(-1)!.body).toMatchObject({
      roomName,
      identity: "user-patient",
      fileOutputs: [{ fileType: "MP4", filepath: `/data/recordings/${sessionId}/{time}.mp4` }],
    });
    expect(warnings).toEqual(["video.egress_fallback_participant"]);
  });

  it("stops an egress and reads a finished one's file", async () => {
    standIn.on("Egress/ListEgress", (body) => ({
      items: [
        {
          egressId: body.egressId,
          roomName,
          status: "EGRESS_COMPLETE",
          fileResults: [{ filename: `/data/recordings/${sessionId}/2026.mp4`, size: "1048576", duration: "95000000000" }],
        },
      ],
    }));
    expect(await livekit.stopRecording({ egressId: "EG_42" })).toMatchObject({ egressId: "EG_42", status: "ENDING" });
    expect(standIn.callsTo("Egress/StopEgress").at(-1)!.body).toEqual({ egressId: "EG_42" });

    const [finished] = await livekit.listRecordings({ egressId: "EG_42" });
    expect(finished?.file).toEqual({
      storageKey: `/data/recordings/${sessionId}/2026.mp4`,
      mimeType: "video/mp4",
      sizeBytes: 1048576n,
      durationSeconds: 95,
    });
  });
});

describe("LiveKit webhooks", () => {
  const at = new Date("2026-11-21T09:00:00Z");
  const body = participantEvent("participant_joined", { roomName, identity: "user-patient", sid: "PA_1", joinedAt: at, id: "EV_1" });

  it("decodes an event signed the way LiveKit signs it", async () => {
    const event = await livekit.parseWebhook({ body, authorization: await signWebhook(body, creds) });
    expect(event).toEqual({
      id: "EV_1",
      at,
      type: "participant_joined",
      roomName,
      participant: { identity: "user-patient", connectionId: "PA_1", joinedAt: at },
    });
  });

  it("reports a connection made with an app-issued token under the app's join, so one join is one stint", async () => {
    // Rooms are the app's to open (auto_create is off): each join makes sure its room exists,
    // as LiveKit closes an empty room after the departure timeout.
    standIn.on("RoomService/CreateRoom", (b) => ({ sid: "RM_standin", name: b.name }));
    const before = standIn.callsTo("RoomService/CreateRoom").length;
    const details = await livekit.connectionDetails({
      sessionId,
      roomName,
      identity: "user-patient",
      displayName: "Pat",
      role: "PATIENT",
      joinId: "3f1c2a9e-0b7d-4c55-9e51-6a2b8d0f4e21",
    });
    if (details.provider !== "LIVEKIT") throw new Error("expected LiveKit details");
    const attributes = (await new TokenVerifier(creds.apiKey, creds.apiSecret).verify(details.token)).attributes ?? {};
    expect(attributes).toEqual({ role: "PATIENT", "bedside.join": "3f1c2a9e-0b7d-4c55-9e51-6a2b8d0f4e21" });
    expect(
      standIn
        .callsTo("RoomService/CreateRoom")
        .slice(before)
        .map((c) => c.body.name),
    ).toEqual([roomName]);

    const joined = participantEvent("participant_joined", { roomName, identity: "user-patient", sid: "PA_2", joinedAt: at, attributes });
    const event = await livekit.parseWebhook({ body: joined, authorization: await signWebhook(joined, creds) });
    expect(event).toMatchObject({ participant: { connectionId: "app:3f1c2a9e-0b7d-4c55-9e51-6a2b8d0f4e21" } });
  });

  it("rejects a tampered body, a missing signature and another server's signature", async () => {
    const authorization = await signWebhook(body, creds);
    const tampered = body.replace("user-patient", "user-intruder");
    await expect(livekit.parseWebhook({ body: tampered, authorization })).rejects.toBeInstanceOf(WebhookVerificationError);
    await expect(livekit.parseWebhook({ body, authorization: null })).rejects.toBeInstanceOf(WebhookVerificationError);
    const foreign = await signWebhook(body, { apiKey: creds.apiKey, apiSecret: "someone-elses-secret-0123456789abcdef" });
    await expect(livekit.parseWebhook({ body, authorization: foreign })).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it("reports a failed egress with its error and no file", async () => {
    const failed = egressEvent("egress_ended", { roomName, egressId: "EG_9", status: "EGRESS_FAILED", at, error: "participant not found" });
    const event = await livekit.parseWebhook({ body: failed, authorization: await signWebhook(failed, creds) });
    expect(event).toMatchObject({ type: "egress_ended", roomName, egress: { egressId: "EG_9", status: "FAILED", error: "participant not found", file: null } });
  });
});

describe("peer-to-peer provider", () => {
  const p2p = createP2PProvider({ iceServers: [{ urls: "turn:turn.example.org:3478", username: "u", credential: "p" }] });

  it("gives each join the session's signalling channel, the ICE servers and a fresh peer id", async () => {
    const request = { sessionId, roomName, identity: "cm0a1b2c3d4e5f6g7h8i9j0k", displayName: "Pat", role: "PATIENT" as const };
    const first = await p2p.connectionDetails(request);
    const second = await p2p.connectionDetails(request);
    expect(first).toMatchObject({
      provider: "P2P",
      roomName,
      signalChannel: `presence-signal-${sessionId}`,
      iceServers: [{ urls: "turn:turn.example.org:3478", username: "u", credential: "p" }],
      identity: request.identity,
      displayName: "Pat",
      role: "PATIENT",
    });
    if (first.provider !== "P2P" || second.provider !== "P2P") throw new Error("expected P2P details");
    expect(first.peerId.startsWith(`${request.identity}.`)).toBe(true);
    expect(first.peerId).not.toBe(second.peerId);
  });

  it("cannot record, and says why in words a clinician understands", async () => {
    await expect(p2p.startRecording({ sessionId, roomName, subjectIdentity: "x" })).rejects.toMatchObject({
      code: "PRECONDITION_FAILED",
      reason: "recording_unsupported",
      message: expect.stringContaining("LiveKit"),
    });
  });
});
