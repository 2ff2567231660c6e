// LiveKit (self-hosted SFU) through livekit-server-sdk: join tokens, rooms, recording
// through Egress, and webhooks.
//
// Recording choice: LiveKit's room-composite egress renders the room in headless Chrome
// and needs about 4 CPUs per recording. Bedside records with an SDK-based media egress
// instead (no browser): the patient's camera, or their screen share when they share,
// plus every participant's audio mixed, into one MP4. One egress per recording keeps
// "one active recording per session" a single database row. Egress servers without the
// unified StartEgress API get a participant egress of the patient (their camera and
// microphone only) and a warning in the log.

import {
  AccessToken,
  EgressClient,
  EgressStatus,
  EncodedFileOutput,
  EncodedFileType,
  FileOutput,
  MediaSource,
  Output,
  ParticipantVideo,
  RoomServiceClient,
  S3Upload,
  StartEgressRequest,
  StorageConfig,
  TrackSource,
  type TwirpError,
  WebhookReceiver,
  type EgressInfo,
  type AccessTokenOptions,
  type ParticipantInfo,
  type VideoGrant,
} from "livekit-server-sdk";
import { AppError } from "@/server/errors";
import type { CallRole } from "@/lib/video/connection";
import { MAX_CALL_PARTICIPANTS } from "@/lib/video/connection";
import {
  WebhookVerificationError,
  type ConnectionRequest,
  type LiveKitConnection,
  type EgressState,
  type EgressStatusName,
  type RecordingFile,
  type RoomParticipantState,
  type VideoEvent,
  type VideoProvider,
} from "./types";

export type RecordingStorage =
  | { kind: "local"; /** Directory on the Egress host. */ dir: string }
  | {
      kind: "s3";
      bucket: string;
      endpoint?: string;
      region: string;
      accessKey?: string;
      secret?: string;
      forcePathStyle: boolean;
    };

export interface LiveKitConfig {
  /** URL the app server calls LiveKit's API on (ws(s):// or http(s)://). */
  apiUrl: string;
  /** URL browsers connect to. */
  publicUrl: string;
  apiKey: string;
  apiSecret: string;
  tokenTtlSeconds: number;
  emptyTimeoutSeconds: number;
  departureTimeoutSeconds: number;
  recordings: RecordingStorage;
  /** Optional sink for operational warnings (ids only). */
  warn?: (fields: Record<string, unknown>, message: string) => void;
}

/** Join tokens never outlive this; LiveKit refreshes tokens of connected participants. */
export const MAX_TOKEN_TTL_SECONDS = 600;

/**
 * What each role may publish. Everyone subscribes. Nobody gets room admin, room create,
 * room list or record rights, data-channel publishing or metadata self-update.
 */
export const PUBLISH_SOURCES: Record<CallRole, TrackSource[]> = {
  CLINICIAN: [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE],
  PATIENT: [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE],
  GUEST: [TrackSource.CAMERA, TrackSource.MICROPHONE],
};

export function joinGrant(role: CallRole, roomName: string): VideoGrant {
  return {
    room: roomName,
    roomJoin: true,
    canSubscribe: true,
    canPublish: true,
    canPublishSources: PUBLISH_SOURCES[role],
    canPublishData: false,
    canUpdateOwnMetadata: false,
    roomAdmin: false,
    roomCreate: false,
    roomList: false,
    roomRecord: false,
    hidden: false,
    recorder: false,
  };
}

/**
 * A waiting connection: in the room but hidden from everyone, receiving nothing, allowed to
 * publish nothing (the server refuses a publish). Admission (admitInPlace) replaces it with
 * joinGrant's rights on the same connection, so the call starts without connecting again.
 */
export function waitingGrant(roomName: string): VideoGrant {
  return { ...joinGrant("GUEST", roomName), canSubscribe: false, canPublish: false, canPublishSources: [], canPublishData: false, hidden: true };
}

/** A waiting token is for connecting now: long enough to connect, no longer (LiveKit refreshes the token of a connected participant). */
export const WAITING_TOKEN_TTL_SECONDS = 120;

// ParticipantInfo.Kind.STANDARD: a person, not an egress/ingress/SIP/agent participant.
const STANDARD_PARTICIPANT = 0;
/** A person in the call, not someone connected early and still waiting (hidden until admitted). */
const inCall = (p: ParticipantInfo) => p.kind === STANDARD_PARTICIPANT && !p.permission?.hidden && p.attributes?.[WAITING_ATTRIBUTE] !== "1";

const STATUS_NAMES: Record<EgressStatus, EgressStatusName> = {
  [EgressStatus.EGRESS_STARTING]: "STARTING",
  [EgressStatus.EGRESS_ACTIVE]: "ACTIVE",
  [EgressStatus.EGRESS_ENDING]: "ENDING",
  [EgressStatus.EGRESS_COMPLETE]: "COMPLETE",
  [EgressStatus.EGRESS_FAILED]: "FAILED",
  [EgressStatus.EGRESS_ABORTED]: "ABORTED",
  [EgressStatus.EGRESS_LIMIT_REACHED]: "LIMIT_REACHED",
};

const nsToDate = (ns: bigint): Date | null => (ns > 0n ? new Date(Number(ns / 1_000_000n)) : null);

function mimeTypeOf(filename: string): string {
  if (filename.endsWith(".ogg")) return "audio/ogg";
  if (filename.endsWith(".webm")) return "video/webm";
  return "video/mp4";
}

export function toEgressState(info: EgressInfo): EgressState {
  const fileInfo = info.fileResults[0] ?? (info.result.case === "file" ? info.result.value : undefined);
  const file: RecordingFile | null =
    fileInfo && fileInfo.filename
      ? {
          storageKey: fileInfo.filename,
          mimeType: mimeTypeOf(fileInfo.filename),
          sizeBytes: fileInfo.size > 0n ? fileInfo.size : null,
          durationSeconds: fileInfo.duration > 0n ? Math.round(Number(fileInfo.duration / 1_000_000n) / 1000) : null,
        }
      : null;
  return {
    egressId: info.egressId,
    roomName: info.roomName,
    status: STATUS_NAMES[info.status] ?? "STARTING",
    startedAt: nsToDate(info.startedAt),
    endedAt: nsToDate(info.endedAt),
    error: info.error || null,
    file,
  };
}

/** Token attribute carrying the app's join id, so webhooks report a connection under its stint. */
const JOIN_ID_ATTRIBUTE = "bedside.join";
/**
 * Token attribute marking a waiting connection ("1") until admission removes it. LiveKit's
 * webhooks may not carry the participant's `hidden` permission, but they carry attributes.
 */
const WAITING_ATTRIBUTE = "bedside.waiting";

function toParticipantState(p: ParticipantInfo): RoomParticipantState {
  const joinedMs = p.joinedAtMs > 0n ? Number(p.joinedAtMs) : p.joinedAt > 0n ? Number(p.joinedAt) * 1000 : 0;
  const joinId = p.attributes?.[JOIN_ID_ATTRIBUTE];
  return { identity: p.identity, connectionId: joinId ? `app:${joinId}` : p.sid, joinedAt: joinedMs ? new Date(joinedMs) : null };
}

// Twirp errors are recognised by shape, not `instanceof TwirpError`: the SDK can be loaded
// more than once in a production build (one copy per server bundle).
function twirpError(error: unknown): Pick<TwirpError, "status" | "code"> | null {
  if (typeof error !== "object" || error === null) return null;
  const { status, code } = error as { status?: unknown; code?: unknown };
  return typeof status === "number" && (code === undefined || typeof code === "string") ? { status, code } : null;
}
const isNotFound = (error: unknown) => {
  const twirp = twirpError(error);
  return twirp !== null && (twirp.status === 404 || twirp.code === "not_found");
};
// Twirp answers an unknown method with 404 "bad_route": an Egress older than StartEgress.
const isUnknownMethod = (error: unknown) => {
  const twirp = twirpError(error);
  return twirp !== null && twirp.status === 404 && (twirp.code === "bad_route" || twirp.code === undefined);
};

function unavailable(cause: unknown): AppError {
  return new AppError("SERVICE_UNAVAILABLE", "The video service is not responding. Please try again in a minute.", {
    reason: "video_provider_unavailable",
    cause,
  });
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw unavailable(error);
  }
}

export function createLiveKitProvider(config: LiveKitConfig): VideoProvider {
  if (config.tokenTtlSeconds > MAX_TOKEN_TTL_SECONDS) throw new RangeError("LiveKit token TTL must be at most 10 minutes");
  const rooms = new RoomServiceClient(config.apiUrl, config.apiKey, config.apiSecret);
  const egress = new EgressClient(config.apiUrl, config.apiKey, config.apiSecret);
  const receiver = new WebhookReceiver(config.apiKey, config.apiSecret);

  function recordingOutput(sessionId: string) {
    const storage = config.recordings;
    // `{time}` is expanded by Egress, so a restarted recording never overwrites the last.
    const filepath = storage.kind === "s3" ? `recordings/${sessionId}/{time}.mp4` : `${storage.dir.replace(/\/+$/, "")}/${sessionId}/{time}.mp4`;
    const s3 =
      storage.kind === "s3"
        ? new S3Upload({
            bucket: storage.bucket,
            endpoint: storage.endpoint ?? "",
            region: storage.region,
            accessKey: storage.accessKey ?? "",
            secret: storage.secret ?? "",
            forcePathStyle: storage.forcePathStyle,
          })
        : undefined;
    return { filepath, s3 };
  }

  // CreateRoom returns the existing room when it is already there.
  const ensureRoom = (roomName: string) =>
    call(() =>
      rooms.createRoom({
        name: roomName,
        emptyTimeout: config.emptyTimeoutSeconds,
        departureTimeout: config.departureTimeoutSeconds,
        maxParticipants: MAX_CALL_PARTICIPANTS,
      }),
    );

  /** Connection details for one person, signed with the app's key: who, for how long, with which rights. */
  async function connectTo({ grant, ...options }: AccessTokenOptions & { grant: VideoGrant }): Promise<LiveKitConnection> {
    const token = new AccessToken(config.apiKey, config.apiSecret, options);
    token.addGrant(grant);
    return { provider: "LIVEKIT", url: config.publicUrl, token: await token.toJwt() };
  }

  return {
    name: "LIVEKIT",
    capabilities: { recording: true, serverRooms: true, waitingConnections: true },

    async prepareRoom({ roomName }) {
      await ensureRoom(roomName);
    },

    async connectionDetails({ roomName, identity, displayName, role, joinId }: ConnectionRequest) {
      // Rooms are created by the app only (auto_create is off), and LiveKit closes a room
      // once everyone has been gone for the departure timeout: a session still in progress
      // after that (a patient rejoining after a long drop) needs its room again.
      await ensureRoom(roomName);
      return connectTo({
        identity,
        name: displayName,
        ttl: config.tokenTtlSeconds,
        // The participant cannot change these (canUpdateOwnMetadata is off); webhooks echo them.
        attributes: joinId ? { role, [JOIN_ID_ATTRIBUTE]: joinId } : { role },
        grant: joinGrant(role, roomName),
      });
    },

    async waitingConnectionDetails({ roomName, identity, displayName, role }: ConnectionRequest) {
      await ensureRoom(roomName);
      return connectTo({
        identity,
        name: displayName,
        ttl: Math.min(WAITING_TOKEN_TTL_SECONDS, config.tokenTtlSeconds),
        attributes: { role, [WAITING_ATTRIBUTE]: "1" },
        grant: waitingGrant(roomName),
      });
    },

    async admitInPlace({ roomName, identity, role, joinId }) {
      const grant = joinGrant(role, roomName);
      try {
        const updated = await rooms.updateParticipant(roomName, identity, {
          // The connection is reported under the stint this admission opened (webhooks, reconcile).
          // An empty value removes the attribute: no longer waiting.
          attributes: { role, [JOIN_ID_ATTRIBUTE]: joinId, [WAITING_ATTRIBUTE]: "" },
          permission: {
            canSubscribe: grant.canSubscribe,
            canPublish: grant.canPublish,
            canPublishData: grant.canPublishData,
            canPublishSources: grant.canPublishSources,
            canUpdateMetadata: false,
            hidden: false,
            recorder: false,
          },
        });
        return updated.kind === STANDARD_PARTICIPANT;
      } catch (error) {
        // Not connected (any more), or the server did not answer: the person connects afresh.
        if (!isNotFound(error)) config.warn?.({ roomName }, "video.admit_in_place_failed");
        return false;
      }
    },

    async removeParticipant({ roomName, identity }) {
      try {
        await rooms.removeParticipant(roomName, identity);
      } catch (error) {
        if (!isNotFound(error)) throw unavailable(error);
      }
    },

    async closeRoom({ roomName }) {
      try {
        await rooms.deleteRoom(roomName);
      } catch (error) {
        if (!isNotFound(error)) throw unavailable(error);
      }
    },

    async startRecording({ sessionId, roomName, subjectIdentity }) {
      const { filepath, s3 } = recordingOutput(sessionId);
      const request = new StartEgressRequest({
        roomName,
        source: {
          case: "media",
          value: new MediaSource({
            video: { case: "participantVideo", value: new ParticipantVideo({ identity: subjectIdentity, preferScreenShare: true }) },
            audio: { captureAll: true },
          }),
        },
        outputs: [
          new Output({
            config: { case: "file", value: new FileOutput({ fileType: EncodedFileType.MP4, filepath }) },
            ...(s3 ? { storage: new StorageConfig({ provider: { case: "s3", value: s3 } }) } : {}),
          }),
        ],
      });
      try {
        return toEgressState(await egress.startEgress(request));
      } catch (error) {
        if (!isUnknownMethod(error)) throw unavailable(error);
      }
      config.warn?.({ roomName }, "video.egress_fallback_participant");
      const file = new EncodedFileOutput({ fileType: EncodedFileType.MP4, filepath, ...(s3 ? { output: { case: "s3", value: s3 } } : {}) });
      return toEgressState(await call(() => egress.startParticipantEgress(roomName, subjectIdentity, { file })));
    },

    async stopRecording({ egressId }) {
      return toEgressState(await call(() => egress.stopEgress(egressId)));
    },

    async parseWebhook({ body, authorization }): Promise<VideoEvent> {
      let event;
      try {
        event = await receiver.receive(body, authorization ?? undefined);
      } catch (error) {
        throw new WebhookVerificationError("LiveKit webhook signature is missing or does not match the body", { cause: error });
      }
      const at = event.createdAt > 0n ? new Date(Number(event.createdAt) * 1000) : new Date();
      const base = { id: event.id, at };
      switch (event.event) {
        case "room_started":
        case "room_finished":
          if (event.room?.name) return { ...base, type: event.event, roomName: event.room.name };
          break;
        case "participant_joined":
        case "participant_left":
        case "participant_connection_aborted":
          // A waiting (hidden) connection is not in the call: its stint starts at admission.
          if (event.room?.name && event.participant && inCall(event.participant)) {
            return {
              ...base,
              type: event.event,
              roomName: event.room.name,
              participant: toParticipantState(event.participant),
            };
          }
          break;
        case "egress_started":
        case "egress_updated":
        case "egress_ended":
          if (event.egressInfo) return { ...base, type: event.event, roomName: event.egressInfo.roomName, egress: toEgressState(event.egressInfo) };
          break;
      }
      return { ...base, type: "ignored", name: event.event || "unknown" };
    },

    async listRooms() {
      const list = await call(() => rooms.listRooms());
      return list.map((room) => ({ roomName: room.name }));
    },

    async listParticipants({ roomName }) {
      try {
        const list = await rooms.listParticipants(roomName);
        return list.filter(inCall).map(toParticipantState);
      } catch (error) {
        if (isNotFound(error)) return [];
        throw unavailable(error);
      }
    },

    async listRecordings({ roomName, egressId, active }) {
      const list = await call(() => egress.listEgress({ roomName, egressId, active }));
      return list.map(toEgressState);
    },
  };
}
