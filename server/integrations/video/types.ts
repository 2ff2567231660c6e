// What Bedside needs from a video provider. `livekit.ts` (self-hosted LiveKit: an SFU,
// server-side recording, webhooks) and `p2p.ts` (browser-to-browser WebRTC with signalling
// over the session's realtime channel; no media server) implement it. Domain code asks
// `getVideoProvider()` for the configured one and never imports a provider SDK.

import type { CallRole, ConnectionDetails, VideoProviderName } from "@/lib/video/connection";

export type { CallRole, ConnectionDetails, IceServer, LiveKitConnection, P2PConnection, VideoProviderName } from "@/lib/video/connection";

export interface PrepareRoomInput {
  sessionId: string;
  /** TelemedicineSession.roomName: unguessable, unique per session. */
  roomName: string;
}

export interface ConnectionRequest {
  sessionId: string;
  roomName: string;
  /** The user id: the provider's participant identity, what webhooks report back. */
  identity: string;
  displayName: string;
  role: CallRole;
  /**
   * The app's id for this join (the stint it opened). A provider that reports connections
   * back (LiveKit's webhooks) reports them under it, so one join is one stint.
   */
  joinId?: string;
}

export interface AdmitInPlaceInput {
  roomName: string;
  identity: string;
  role: CallRole;
  /** The stint this admission opened: the connection is reported under it from now on. */
  joinId: string;
}

export interface RemoveParticipantInput {
  roomName: string;
  identity: string;
}

export interface StartRecordingInput {
  sessionId: string;
  roomName: string;
  /**
   * Whose camera (or screen share) the recording shows: the patient. Every participant's
   * audio is mixed in, so the whole conversation is heard.
   */
  subjectIdentity: string;
}

export type EgressStatusName = "STARTING" | "ACTIVE" | "ENDING" | "COMPLETE" | "FAILED" | "ABORTED" | "LIMIT_REACHED";

/** A provider-side recording job (LiveKit: an egress), as the app needs to see it. */
export interface EgressState {
  egressId: string;
  roomName: string;
  status: EgressStatusName;
  startedAt: Date | null;
  endedAt: Date | null;
  /** Provider's error text (no PHI: codes and track ids only). */
  error: string | null;
  file: RecordingFile | null;
}

export interface RecordingFile {
  /** Path on the recordings volume, or the object key in the bucket. */
  storageKey: string;
  mimeType: string;
  sizeBytes: bigint | null;
  durationSeconds: number | null;
}

export interface RoomParticipantState {
  identity: string;
  /**
   * The stint this connection belongs to: `app:{joinId}` when the app issued the join (the
   * id it passed to connectionDetails), else the provider's id for the connection (LiveKit
   * participant sid, e.g. someone joined with a token from elsewhere).
   */
  connectionId: string;
  joinedAt: Date | null;
}

export interface RoomState {
  roomName: string;
}

/** A provider event, normalised. `id` is the provider's event id (for deduplication). */
export type VideoEvent =
  | { id: string; at: Date; type: "room_started" | "room_finished"; roomName: string }
  | {
      id: string;
      at: Date;
      /** `participant_connection_aborted`: media never connected (counts as a join that failed). */
      type: "participant_joined" | "participant_left" | "participant_connection_aborted";
      roomName: string;
      participant: RoomParticipantState;
    }
  | { id: string; at: Date; type: "egress_started" | "egress_updated" | "egress_ended"; roomName: string; egress: EgressState }
  | { id: string; at: Date; type: "ignored"; name: string };

const WEBHOOK_VERIFICATION_BRAND = Symbol.for("bedside.WebhookVerificationError");

/** The request was not signed by the provider (bad or missing signature, tampered body). */
export class WebhookVerificationError extends Error {
  // Checked structurally by isWebhookVerificationError: the provider is cached on globalThis,
  // so the copy of this class that threw may not be the one the route imported.
  readonly [WEBHOOK_VERIFICATION_BRAND] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "WebhookVerificationError";
  }
}

export function isWebhookVerificationError(e: unknown): e is WebhookVerificationError {
  return typeof e === "object" && e !== null && (e as { [WEBHOOK_VERIFICATION_BRAND]?: unknown })[WEBHOOK_VERIFICATION_BRAND] === true;
}

export interface VideoProviderCapabilities {
  /** The provider can record calls on the server. */
  recording: boolean;
  /** Rooms exist on a media server (so they can be listed, closed and reconciled). */
  serverRooms: boolean;
  /**
   * A waiting person can connect before admission with no rights at all (unseen, receiving
   * and sending nothing), and admission then grants the call's rights on that connection.
   */
  waitingConnections: boolean;
}

export interface VideoProvider {
  readonly name: VideoProviderName;
  readonly capabilities: VideoProviderCapabilities;

  /** Make the room ready when the session starts. Idempotent. */
  prepareRoom(input: PrepareRoomInput): Promise<void>;

  /**
   * How one participant joins, with rights for their role. Call only after the domain's
   * join checks: for LiveKit this mints the token that admits them.
   */
  connectionDetails(input: ConnectionRequest): Promise<ConnectionDetails>;

  /**
   * A connection for someone not yet admitted: hidden from everyone, receives nothing and may
   * publish nothing (the server refuses). Only where `capabilities.waitingConnections`; call
   * only after the domain's checks that the person may wait for this call.
   */
  waitingConnectionDetails(input: ConnectionRequest): Promise<ConnectionDetails>;

  /**
   * Admission on a waiting connection: grants the role's call rights to the connected
   * participant, which becomes visible. false when they are not connected (any more): the
   * caller then connects afresh with connectionDetails. Never throws for that case.
   */
  admitInPlace(input: AdmitInPlaceInput): Promise<boolean>;

  /** Disconnect someone whose access was revoked (and refuse their current token). Idempotent. */
  removeParticipant(input: RemoveParticipantInput): Promise<void>;

  /** End the room for everyone when the session ends. Idempotent. */
  closeRoom(input: { roomName: string }): Promise<void>;

  /** Starts one recording job. Throws AppError `recording_unsupported` when the provider cannot record. */
  startRecording(input: StartRecordingInput): Promise<EgressState>;
  stopRecording(input: { egressId: string }): Promise<EgressState>;

  /** Verifies and decodes a provider webhook; throws WebhookVerificationError when unsigned or tampered. */
  parseWebhook(input: { body: string; authorization: string | null }): Promise<VideoEvent>;

  /** For the reconciler: rooms that exist on the media server now. */
  listRooms(): Promise<RoomState[]>;
  listParticipants(input: { roomName: string }): Promise<RoomParticipantState[]>;
  /** For the reconciler: recording jobs, all of a room's or one by id. */
  listRecordings(input: { roomName?: string; egressId?: string; active?: boolean }): Promise<EgressState[]>;
}
