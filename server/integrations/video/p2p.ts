// The built-in peer-to-peer provider: browsers connect to each other directly with WebRTC
// (a mesh of at most four), exchanging offers, answers and ICE candidates as client
// events on the session's signalling channel. No media server: nothing to
// prepare, close or reconcile, and nothing on the server that could record.

import { randomBytes } from "node:crypto";
import { signalChannel } from "@/lib/realtime/channels";
import { peerIdOf } from "@/lib/video/connection";
import type { IceServer } from "@/lib/video/connection";
import { AppError } from "@/server/errors";
import { WebhookVerificationError, type VideoProvider } from "./types";

export interface P2PConfig {
  /** STUN/TURN servers (ICE_SERVERS). Empty works on a LAN or loopback. */
  iceServers: IceServer[];
}

export function recordingUnsupportedError(): AppError {
  return new AppError(
    "PRECONDITION_FAILED",
    "Recording needs the LiveKit video server, and this clinic uses direct (peer-to-peer) calls. Ask your administrator to set up LiveKit to record consultations.",
    { reason: "recording_unsupported" },
  );
}

export function createP2PProvider(config: P2PConfig): VideoProvider {
  return {
    name: "P2P",
    capabilities: { recording: false, serverRooms: false, waitingConnections: false },

    async prepareRoom() {},

    async connectionDetails({ sessionId, roomName, identity, displayName, role }) {
      return {
        provider: "P2P",
        roomName,
        signalChannel: signalChannel(sessionId),
        iceServers: config.iceServers,
        // Unique per join: a second tab or a rejoin is a new peer, never confused with the old one.
        peerId: peerIdOf(identity, randomBytes(6).toString("hex")),
        identity,
        displayName,
        role,
      };
    },

    // No media server to wait on: a peer-to-peer call connects on admission.
    async waitingConnectionDetails() {
      throw new AppError("PRECONDITION_FAILED", "Direct (peer-to-peer) calls connect when you are let in.", { reason: "waiting_connection_unsupported" });
    },
    async admitInPlace() {
      return false;
    },

    // Access revocation takes effect through the realtime channel: the next channel
    // authorization fails and the session domain tells the browser to leave.
    async removeParticipant() {},
    async closeRoom() {},

    async startRecording() {
      throw recordingUnsupportedError();
    },
    async stopRecording() {
      throw recordingUnsupportedError();
    },

    async parseWebhook() {
      throw new WebhookVerificationError("Peer-to-peer video has no webhooks");
    },

    async listRooms() {
      return [];
    },
    async listParticipants() {
      return [];
    },
    async listRecordings() {
      return [];
    },
  };
}
