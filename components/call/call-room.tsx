"use client";

// The call, whichever provider the server chose: the same controls, tiles and states for
// LiveKit (through @livekit/components-react) and for the built-in peer-to-peer mesh.

import type { Room } from "livekit-client";
import dynamic from "next/dynamic";
import { useEffect, useState } from "react";
import { DEFAULT_DEVICES, type ConnectionDetails, type LiveKitConnection, type SelectedDevices } from "@/lib/video/connection";
import { createPusherSignaling, type PusherChannelLike } from "@/lib/video/pusher-signaling";
import type { SignalingChannel } from "@/lib/video/signaling";
import type { CallStats } from "@/lib/video/stats";
import type { CallConnectionState, LeaveConfirmation } from "./call-ui";
import { P2PCallRoom } from "./p2p-call-room";

// livekit-client is large: loaded only when the call really is a LiveKit call.
const loadLiveKitCallRoom = () => import("./livekit-call-room");
const LiveKitCallRoom = dynamic(() => loadLiveKitCallRoom().then((m) => m.LiveKitCallRoom), { ssr: false });

/**
 * Fetches and evaluates the LiveKit call (livekit-client and its components) ahead of the call,
 * while the person waits or checks their devices: at admission it is then ready, instead of
 * ~0.3–1 s of download and parse between "admit" and connecting. Safe to call repeatedly.
 */
export function preloadLiveKitCallRoom() {
  void loadLiveKitCallRoom().catch(() => undefined);
}

/**
 * LiveKit: connect to the call's room on a waiting connection (issued by
 * sessions.waitingConnection) while the person waits; admission then runs the call on it.
 * Best effort: if it is not up in time, admission connects as usual.
 */
export function connectLiveKitWhileWaiting({
  stillWaiting,
  ...args
}: {
  sessionId: string;
  connection: LiveKitConnection;
  devices: SelectedDevices;
  /** Checked once the code has loaded: a person already on their way into the call must not connect a second time. */
  stillWaiting: () => boolean;
}) {
  return loadLiveKitCallRoom().then((m) => {
    if (stillWaiting()) m.connectWhileWaiting(args);
  });
}

export interface CallRoomProps {
  /** From the server's join procedure (VideoProvider.connectionDetails). */
  connection: ConnectionDetails;
  /**
   * Peer-to-peer only: the subscribed pusher-js channel named `connection.signalChannel`
   * (presence-signal-{sessionId}). The call sends and receives `client-signal` events on it.
   */
  signalChannel?: PusherChannelLike | null;
  /** Peer-to-peer only, instead of signalChannel: any other transport (e.g. the in-page loopback hub). */
  signaling?: SignalingChannel | null;
  /** LiveKit: the waiting connection admitted in place (lib/video/waiting-connection.ts). */
  room?: unknown;
  /** What the person chose in <DeviceCheck>. */
  devices?: SelectedDevices;
  /** Shows the recording indicator (LiveKit also shows it whenever its room is being recorded). */
  recording?: boolean;
  /** The person left (Leave button), or LiveKit ended the call (room closed, removed). */
  onLeave: () => void;
  /** Every two seconds: recent connection statistics, for technical issue reports. */
  onStats?: (stats: CallStats) => void;
  onConnectionStateChange?: (state: CallConnectionState) => void;
  /** Shown while nobody else is in the call. */
  waitingMessage?: string;
  /** False plays the others' video without sound (used by the loopback test). */
  remoteAudio?: boolean;
  /** Leave asks first, saying what leaving means; without it Leave leaves at once. */
  leaveConfirmation?: LeaveConfirmation | null;
}

export function CallRoom({ connection, signalChannel, signaling, devices = DEFAULT_DEVICES, recording = false, room, ...rest }: CallRoomProps) {
  if (connection.provider === "LIVEKIT") {
    return <LiveKitCallRoom connection={connection} devices={devices} recording={recording} room={(room as Room | null | undefined) ?? null} {...rest} />;
  }
  return (
    <P2PWithSignaling
      connection={connection}
      signalChannel={signalChannel ?? null}
      signaling={signaling ?? null}
      devices={devices}
      recording={recording}
      {...rest}
    />
  );
}

function P2PWithSignaling({
  signalChannel,
  signaling,
  ...props
}: Omit<CallRoomProps, "connection" | "devices" | "recording"> & {
  connection: Extract<ConnectionDetails, { provider: "P2P" }>;
  devices: SelectedDevices;
  recording: boolean;
  signalChannel: PusherChannelLike | null;
  signaling: SignalingChannel | null;
}) {
  const { peerId } = props.connection;
  if (!signaling && !signalChannel) throw new Error("CallRoom: a peer-to-peer call needs signalChannel (or signaling)");
  if (signaling && signaling.selfId !== peerId) throw new Error("CallRoom: the signalling transport must use connection.peerId as its id");
  const [fromPusher, setFromPusher] = useState<SignalingChannel | null>(null);
  useEffect(() => {
    if (signaling || !signalChannel) return;
    // Made in an effect so that it is closed (its listeners unbound) exactly when replaced.
    const transport = createPusherSignaling(signalChannel, { selfId: peerId });
    setFromPusher(transport);
    return () => {
      transport.close();
      setFromPusher(null);
    };
  }, [signaling, signalChannel, peerId]);
  const transport = signaling ?? fromPusher;
  return transport ? <P2PCallRoom {...props} signaling={transport} /> : null;
}

export type { CallConnectionState, LeaveConfirmation } from "./call-ui";
export type { CallStats, ConnectionSample } from "@/lib/video/stats";
