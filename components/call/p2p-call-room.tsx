"use client";

import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { TID } from "@/lib/test-ids";
import type { P2PConnection, SelectedDevices } from "@/lib/video/connection";
import type { SignalingChannel } from "@/lib/video/signaling";
import type { CallStats } from "@/lib/video/stats";
import {
  CallControls,
  CallLayout,
  CallStage,
  ConnectionBadge,
  ParticipantTile,
  RecordingIndicator,
  SELF_TILE,
  STAGE_TILE,
  STRIP_TILE,
  StreamVideo,
  canShareScreenInBrowser,
  type CallConnectionState,
  type LeaveConfirmation,
} from "./call-ui";
import { P2PCall, type P2PCallStatus, type P2PSnapshot } from "@/lib/video/p2p-call";

const STATE: Record<P2PCallStatus, CallConnectionState> = {
  starting: "connecting",
  waiting: "waiting",
  connecting: "connecting",
  connected: "connected",
  reconnecting: "reconnecting",
  full: "full",
  left: "disconnected",
};

const noSubscribe = () => () => undefined;
const noSnapshot = () => null;

export interface P2PCallRoomProps {
  connection: P2PConnection;
  signaling: SignalingChannel;
  devices: SelectedDevices;
  recording: boolean;
  onLeave: () => void;
  onStats?: (stats: CallStats) => void;
  onConnectionStateChange?: (state: CallConnectionState) => void;
  /** False plays the others' picture without their sound. */
  remoteAudio?: boolean;
  /** Shown while nobody else is here. */
  waitingMessage?: string;
  leaveConfirmation?: LeaveConfirmation | null;
}

export function P2PCallRoom(props: P2PCallRoomProps) {
  const { connection, signaling, devices } = props;
  const [call, setCall] = useState<P2PCall | null>(null);
  const onStats = useRef(props.onStats);
  onStats.current = props.onStats;

  useEffect(() => {
    // Built in an effect: WebRTC exists only in the browser, never during server rendering.
    const next = new P2PCall({
      signaling,
      iceServers: connection.iceServers,
      self: { userId: connection.identity, displayName: connection.displayName, role: connection.role },
      devices,
      onStats: (stats) => onStats.current?.(stats),
    });
    setCall(next);
    void next.start();
    return () => next.leave();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new call per join (peer id) and transport; device changes apply on the next join
  }, [signaling, connection.peerId]);

  const snapshot = useSyncExternalStore(call?.subscribe ?? noSubscribe, call?.getSnapshot ?? noSnapshot, noSnapshot);
  const state = snapshot ? STATE[snapshot.status] : "connecting";

  const onStateChange = useRef(props.onConnectionStateChange);
  onStateChange.current = props.onConnectionStateChange;
  useEffect(() => {
    onStateChange.current?.(state);
  }, [state]);

  const leave = () => {
    call?.leave();
    props.onLeave();
  };

  return (
    <P2PStage
      snapshot={snapshot}
      state={state}
      recording={props.recording}
      sinkId={devices.audioOutputId}
      remoteAudio={props.remoteAudio ?? true}
      waitingMessage={props.waitingMessage}
      canShareScreen={connection.role !== "GUEST" && canShareScreenInBrowser()}
      onToggleAudio={() => snapshot && void call?.setMicrophoneEnabled(!snapshot.local.media.audio).catch(() => undefined)}
      onToggleVideo={() => snapshot && void call?.setCameraEnabled(!snapshot.local.media.video).catch(() => undefined)}
      onToggleScreen={() => snapshot && void call?.setScreenShareEnabled(!snapshot.local.media.screen).catch(() => undefined)}
      onLeave={leave}
      leaveConfirmation={props.leaveConfirmation ?? null}
      self={{ displayName: connection.displayName, role: connection.role, userId: connection.identity }}
    />
  );
}

function P2PStage(props: {
  snapshot: P2PSnapshot | null;
  state: CallConnectionState;
  recording: boolean;
  sinkId: string | null;
  remoteAudio: boolean;
  waitingMessage?: string;
  canShareScreen: boolean;
  self: { displayName: string; role: P2PConnection["role"]; userId: string };
  onToggleAudio: () => void;
  onToggleVideo: () => void;
  onToggleScreen: () => void;
  onLeave: () => void;
  leaveConfirmation: LeaveConfirmation | null;
}) {
  const { snapshot, state } = props;
  const media = snapshot?.local.media ?? { audio: false, video: false, screen: false };
  const peers = snapshot?.peers ?? [];
  // A peer-to-peer sharer sends their screen instead of their camera: that picture takes the stage.
  const sharing = peers.filter((p) => p.media.screen);
  const peerTile = (peer: (typeof peers)[number], className: string) => (
    <ParticipantTile
      key={peer.peerId}
      name={peer.info?.displayName ?? "Joining…"}
      role={peer.info?.role}
      userId={peer.info?.userId}
      audioMuted={!peer.media.audio}
      videoOff={!peer.media.video && !peer.media.screen}
      screen={peer.media.screen}
      state={peer.state}
      className={className}
    >
      <StreamVideo stream={peer.stream} sinkId={props.sinkId} contain audioEnabled={props.remoteAudio} testId={TID.callRemoteVideo} />
    </ParticipantTile>
  );
  return (
    <CallLayout
      provider="P2P"
      state={state}
      badges={
        <>
          <ConnectionBadge state={state} quality={snapshot?.quality ?? "unknown"} />
          <RecordingIndicator active={props.recording} />
        </>
      }
      notices={
        snapshot?.local.mediaError ? (
          <p
            role="alert"
            className="text-sm text-destructive max-md:absolute max-md:inset-x-2 max-md:top-14 max-md:z-20 max-md:rounded-md max-md:bg-background max-md:p-2"
          >
            Your camera or microphone did not start, so the others may not see or hear you. Check the device check page for help.
          </p>
        ) : null
      }
      stage={
        <CallStage
          screens={sharing.map((p) => peerTile(p, STAGE_TILE))}
          people={peers.filter((p) => !p.media.screen).map((p) => peerTile(p, sharing.length > 0 ? STRIP_TILE : STAGE_TILE))}
          self={
            <ParticipantTile
              local
              name={props.self.displayName}
              role={props.self.role}
              userId={props.self.userId}
              audioMuted={!media.audio}
              videoOff={!media.video && !media.screen}
              screen={media.screen}
              className={SELF_TILE}
            >
              <StreamVideo stream={snapshot?.local.preview ?? null} local contain={media.screen} />
            </ParticipantTile>
          }
          empty={
            state === "waiting" ? (
              <p data-testid={TID.callWaiting}>{props.waitingMessage ?? "You are in the call. The others will appear here when they join."}</p>
            ) : null
          }
        />
      }
      controls={
        <CallControls
          audio={media.audio}
          video={media.video}
          screen={media.screen}
          canShareScreen={props.canShareScreen}
          disabled={!snapshot || snapshot.status === "starting" || snapshot.status === "left"}
          onToggleAudio={props.onToggleAudio}
          onToggleVideo={props.onToggleVideo}
          onToggleScreen={props.onToggleScreen}
          onLeave={props.onLeave}
          leaveConfirmation={props.leaveConfirmation}
        />
      }
    />
  );
}
