import { signalChannel } from "@/lib/realtime/channels";
import type { ConnectionDetails, RTCIceServerLike, VideoProvider } from "./types";

/**
 * Built-in peer-to-peer video: browsers connect directly (mesh), signalling over the
 * session's private realtime channel. No media server, so rooms need no preparation.
 */
export class P2PVideoProvider implements VideoProvider {
  readonly kind = "P2P" as const;
  constructor(private readonly iceServers: RTCIceServerLike[]) {}

  async prepareRoom(): Promise<void> {}

  async connectionDetails(input: { roomName: string; sessionId: string; identity: string }): Promise<ConnectionDetails> {
    return { provider: "P2P", roomName: input.roomName, signalChannel: signalChannel(input.sessionId), iceServers: this.iceServers, peerId: input.identity };
  }

  async removeParticipant(): Promise<void> {}

  async closeRoom(): Promise<void> {}
}
