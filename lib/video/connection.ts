// What a browser needs to join a call, shared by the server (which issues it after the
// domain's join checks) and the call components (which consume it). Types, constants and pure
// helpers: safe to import from client components.

export const VIDEO_PROVIDERS = ["LIVEKIT", "P2P"] as const;
export type VideoProviderName = (typeof VIDEO_PROVIDERS)[number];

export const CALL_ROLES = ["CLINICIAN", "PATIENT", "GUEST"] as const;
export type CallRole = (typeof CALL_ROLES)[number];

/**
 * The most people in one call: the clinician, the patient and two invited guests. It is
 * also the largest peer-to-peer mesh we allow (every peer sends its media to every other).
 */
export const MAX_CALL_PARTICIPANTS = 4;

/** One STUN/TURN server, as RTCPeerConnection takes it. */
export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface LiveKitConnection {
  provider: "LIVEKIT";
  /** ws(s):// URL of the LiveKit server, as browsers reach it. */
  url: string;
  /** Join token for this participant and room only (TTL ≤ 10 minutes). */
  token: string;
}

export interface P2PConnection {
  provider: "P2P";
  roomName: string;
  /** presence-signal-{sessionId}: the realtime channel carrying offers, answers and candidates. */
  signalChannel: string;
  iceServers: IceServer[];
  /** This browser's id in the mesh: unique per join, so a rejoin is a new peer. */
  peerId: string;
  /** Who this is, as the other peers are told (the user id, the name shown, the role). */
  identity: string;
  displayName: string;
  role: CallRole;
}

export type ConnectionDetails = LiveKitConnection | P2PConnection;

/** What the person chose in the device check, handed to the call. */
export interface SelectedDevices {
  audioInputId: string | null;
  videoInputId: string | null;
  /** Speaker, where the browser lets a page choose one (not Safari/Firefox). */
  audioOutputId: string | null;
  /** Join with the microphone on. */
  audioEnabled: boolean;
  /** Join with the camera on. */
  videoEnabled: boolean;
}

export const DEFAULT_DEVICES: SelectedDevices = {
  audioInputId: null,
  videoInputId: null,
  audioOutputId: null,
  audioEnabled: true,
  videoEnabled: true,
};

/** A peer id: the user it belongs to, a dot, then a per-join suffix (user ids have no dots). */
export function peerIdOf(identity: string, suffix: string): string {
  return `${identity}.${suffix}`;
}

/** Whether `peerId` is one of `userId`'s (any tab, any join). */
export function peerBelongsTo(peerId: string, userId: string): boolean {
  return peerId.length > userId.length + 1 && peerId.startsWith(`${userId}.`);
}
