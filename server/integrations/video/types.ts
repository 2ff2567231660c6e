// What Bedside needs from a video provider. Domain code asks getVideoProvider() for the
// configured one and never imports a provider SDK.
export type VideoRole = "CLINICIAN" | "PATIENT" | "GUEST";

export type ConnectionDetails =
  | { provider: "LIVEKIT"; url: string; token: string }
  | { provider: "P2P"; roomName: string; signalChannel: string; iceServers: RTCIceServerLike[]; peerId: string };

export interface RTCIceServerLike {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface VideoProvider {
  readonly kind: "LIVEKIT" | "P2P";
  prepareRoom(input: { roomName: string; maxParticipants: number }): Promise<void>;
  connectionDetails(input: { roomName: string; sessionId: string; identity: string; displayName: string; role: VideoRole }): Promise<ConnectionDetails>;
  removeParticipant(input: { roomName: string; identity: string }): Promise<void>;
  closeRoom(input: { roomName: string }): Promise<void>;
}
