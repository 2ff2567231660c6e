"use client";

import {
  LiveKitRoom,
  RoomAudioRenderer,
  VideoTrack,
  isTrackReference,
  useConnectionQualityIndicator,
  useConnectionState,
  useIsMuted,
  useIsRecording,
  useLocalParticipant,
  useRemoteParticipants,
  useRoomContext,
  useTracks,
  type TrackReferenceOrPlaceholder,
} from "@livekit/components-react";
import {
  ConnectionQuality as LkQuality,
  ConnectionState,
  Room,
  RoomEvent,
  Track,
  VideoPreset,
  VideoPresets43,
  createLocalTracks,
  type LocalTrack,
  type RoomOptions,
} from "livekit-client";
import { useEffect, useRef, type MutableRefObject } from "react";
import { TID } from "@/lib/test-ids";
import type { CallRole, LiveKitConnection, SelectedDevices } from "@/lib/video/connection";
import { forgetWaitingConnection, holdWaitingConnection, type WaitingConnection } from "@/lib/video/waiting-connection";
import { appendSamples, summarizeStats, type CallStats, type ConnectionQuality, type ConnectionSample, type StatsCounters } from "@/lib/video/stats";
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
  canShareScreenInBrowser,
  type CallConnectionState,
  type LeaveConfirmation,
} from "./call-ui";

export interface LiveKitCallRoomProps {
  connection: LiveKitConnection;
  /** A room already connected while waiting and admitted in place (connectWhileWaiting): the call runs on it. */
  room?: Room | null;
  devices: SelectedDevices;
  recording: boolean;
  onLeave: () => void;
  onStats?: (stats: CallStats) => void;
  onConnectionStateChange?: (state: CallConnectionState) => void;
  waitingMessage?: string;
  leaveConfirmation?: LeaveConfirmation | null;
}

/**
 * The camera as the peer-to-peer call sends it: 640×480 (the browser's default capture) at
 * up to 30 frames a second, plus one 320×240 simulcast layer the SFU can fall back to for
 * someone on a weak link. LiveKit's own default (1280×720 in three layers) costs about four
 * times the encoding work; on a busy 2-core machine it encoded at 1–3 frames a second and
 * the other side waited more than 15 s for a first picture.
 */
export const CAMERA_PRESET = new VideoPreset(640, 480, 700_000, 30);
export const LIVEKIT_ROOM_OPTIONS = {
  videoCaptureDefaults: { resolution: CAMERA_PRESET.resolution },
  publishDefaults: { videoEncoding: CAMERA_PRESET.encoding, simulcast: true, videoSimulcastLayers: [VideoPresets43.h240] },
  // No adaptive stream: it pauses any remote video whose element leaves the viewport
  // (scrolled past while entering vitals, under a panel, in a background tab), and the
  // SFU then stops sending it. A clinician must keep the patient's picture live whatever
  // the page shows; in a call of two or three people the bandwidth it saves is small.
  adaptiveStream: false,
  // Dynacast stays: a publisher still stops encoding layers nobody receives (alone in the
  // room, nothing is encoded at all).
  dynacast: true,
} satisfies RoomOptions;

const roomOptions = (devices: SelectedDevices): RoomOptions => ({
  ...LIVEKIT_ROOM_OPTIONS,
  ...(devices.audioOutputId ? { audioOutput: { deviceId: devices.audioOutputId } } : {}),
});

/**
 * Connects to the call's room on a waiting connection (no rights: hidden, receives nothing,
 * may publish nothing) while the person waits to be admitted, and opens the camera and
 * microphone as the call will send them. When the server grants the call's rights on it
 * (admission in place) the tracks are published at once, so the call starts on a connection
 * that is already up. Held in lib/video/waiting-connection.ts for the session room.
 */
export function connectWhileWaiting({ sessionId, connection, devices }: { sessionId: string; connection: LiveKitConnection; devices: SelectedDevices }) {
  const room = new Room(roomOptions(devices));
  let armed = false;
  let ended = false;
  let taken = false;
  const tracks: Promise<LocalTrack[]> = createLocalTracks({
    audio: devices.audioEnabled ? (devices.audioInputId ? { deviceId: devices.audioInputId } : true) : false,
    video: devices.videoEnabled ? { resolution: CAMERA_PRESET.resolution, ...(devices.videoInputId ? { deviceId: devices.videoInputId } : {}) } : false,
  }).catch(() => []);
  const handle: WaitingConnection = {
    sessionId,
    // Still connecting counts: an admit in the first moments is granted on it once the server
    // has it (the call's LiveKitRoom then waits for the same connect), else refused and the
    // page connects afresh.
    connected: () => !ended && room.state !== ConnectionState.Disconnected,
    arm: () => {
      armed = true;
    },
    take: () => {
      taken = true;
      return room;
    },
    drop: () => {
      ended = true;
      void room.disconnect();
      // Published tracks stop with the room; ones never published are stopped here.
      if (!taken) void tracks.then((ts) => ts.forEach((t) => t.stop()));
    },
  };
  room.on(RoomEvent.ParticipantPermissionsChanged, (_previous, participant) => {
    if (participant !== room.localParticipant || !room.localParticipant.permissions?.canPublish || ended) return;
    if (!armed) {
      // Admitted without asking from this tab (the person's other tab): not this tab's call.
      forgetWaitingConnection(handle);
      handle.drop();
      return;
    }
    void tracks.then((ts) => Promise.all(ts.map((t) => room.localParticipant.publishTrack(t).catch(() => undefined))));
  });
  room.on(RoomEvent.Disconnected, () => {
    ended = true;
    forgetWaitingConnection(handle);
  });
  holdWaitingConnection(handle);
  room.connect(connection.url, connection.token).catch(() => {
    // Could not connect early: admission connects as usual.
    forgetWaitingConnection(handle);
    handle.drop();
  });
}

export function LiveKitCallRoom(props: LiveKitCallRoomProps) {
  const { connection, devices, room } = props;
  return (
    <LiveKitRoom
      serverUrl={connection.url}
      token={connection.token}
      connect
      // On a room admitted in place the prepared tracks are published already (these apply if it connects again from scratch).
      audio={devices.audioEnabled ? (devices.audioInputId ? { deviceId: devices.audioInputId } : true) : false}
      video={devices.videoEnabled ? (devices.videoInputId ? { deviceId: devices.videoInputId } : true) : false}
      {...(room ? { room } : { options: roomOptions(devices) })}
      onDisconnected={props.onLeave}
      className="h-full min-h-0"
    >
      <LiveKitStage {...props} />
      <RoomAudioRenderer />
    </LiveKitRoom>
  );
}

const QUALITY: Record<LkQuality, ConnectionQuality> = {
  [LkQuality.Excellent]: "excellent",
  [LkQuality.Good]: "good",
  [LkQuality.Poor]: "poor",
  [LkQuality.Lost]: "poor",
  [LkQuality.Unknown]: "unknown",
};

function stateOf(state: ConnectionState, others: number, everConnected: boolean): CallConnectionState {
  switch (state) {
    case ConnectionState.Connected:
      return others === 0 ? "waiting" : "connected";
    case ConnectionState.Reconnecting:
    case ConnectionState.SignalReconnecting:
      return "reconnecting";
    case ConnectionState.Disconnected:
      // The room starts out disconnected until its first connect: that is still "connecting",
      // not a red "Disconnected" flashing at everyone who joins.
      return everConnected ? "disconnected" : "connecting";
    default:
      return "connecting";
  }
}

function roleOf(attributes: Readonly<Record<string, string>> | undefined): CallRole | null {
  const role = attributes?.role;
  return role === "CLINICIAN" || role === "PATIENT" || role === "GUEST" ? role : null;
}

function LiveKitStage(props: LiveKitCallRoomProps) {
  const room = useRoomContext();
  const connectionState = useConnectionState();
  const remotes = useRemoteParticipants();
  const { localParticipant, isMicrophoneEnabled, isCameraEnabled, isScreenShareEnabled } = useLocalParticipant();
  const { quality } = useConnectionQualityIndicator({ participant: localParticipant });
  const roomRecording = useIsRecording();
  const tracks = useTracks(
    [
      { source: Track.Source.Camera, withPlaceholder: true },
      { source: Track.Source.ScreenShare, withPlaceholder: false },
    ],
    { onlySubscribed: false },
  );
  const everConnected = useRef(false);
  if (connectionState === ConnectionState.Connected) everConnected.current = true;
  const state = stateOf(connectionState, remotes.length, everConnected.current);
  const role = roleOf(localParticipant.attributes);

  const onStateChange = useRef(props.onConnectionStateChange);
  onStateChange.current = props.onConnectionStateChange;
  useEffect(() => {
    onStateChange.current?.(state);
  }, [state]);

  const onStats = useRef(props.onStats);
  onStats.current = props.onStats;
  useLiveKitStats(room, onStats);

  const toggle = (fn: () => Promise<unknown>) => void fn().catch(() => undefined);
  const remoteTracks = tracks.filter((t) => !t.participant.isLocal);
  const localTracks = tracks.filter((t) => t.participant.isLocal);

  const remoteScreens = remoteTracks.filter((t) => t.source === Track.Source.ScreenShare);
  const remoteCameras = remoteTracks.filter((t) => t.source !== Track.Source.ScreenShare);
  const localCamera = localTracks.find((t) => t.source === Track.Source.Camera);
  const localScreens = localTracks.filter((t) => t.source === Track.Source.ScreenShare);
  // A shared screen takes the stage; its sharer's camera (and the others) go in the strip beside it.
  const peopleTile = remoteScreens.length > 0 ? STRIP_TILE : STAGE_TILE;
  const tile = (trackRef: TrackReferenceOrPlaceholder, className: string) => (
    <LiveKitTile key={`${trackRef.participant.identity}:${trackRef.source}`} trackRef={trackRef} className={className} />
  );

  return (
    <CallLayout
      provider="LIVEKIT"
      state={state}
      badges={
        <>
          <ConnectionBadge state={state} quality={QUALITY[quality]} />
          <RecordingIndicator active={props.recording || roomRecording} />
        </>
      }
      stage={
        <CallStage
          screens={remoteScreens.map((t) => tile(t, STAGE_TILE))}
          // This person's own shared screen stays small: the stage keeps showing the others.
          people={[...remoteCameras.map((t) => tile(t, peopleTile)), ...localScreens.map((t) => tile(t, STRIP_TILE))]}
          self={localCamera ? tile(localCamera, SELF_TILE) : null}
          empty={
            state === "waiting" ? (
              <p data-testid={TID.callWaiting}>{props.waitingMessage ?? "You are in the call. The others will appear here when they join."}</p>
            ) : null
          }
        />
      }
      controls={
        <CallControls
          audio={isMicrophoneEnabled}
          video={isCameraEnabled}
          screen={isScreenShareEnabled}
          canShareScreen={role !== "GUEST" && canShareScreenInBrowser()}
          disabled={connectionState !== ConnectionState.Connected}
          onToggleAudio={() => toggle(() => localParticipant.setMicrophoneEnabled(!isMicrophoneEnabled))}
          onToggleVideo={() => toggle(() => localParticipant.setCameraEnabled(!isCameraEnabled))}
          onToggleScreen={() => toggle(() => localParticipant.setScreenShareEnabled(!isScreenShareEnabled))}
          onLeave={() => void room.disconnect()}
          leaveConfirmation={props.leaveConfirmation}
        />
      }
    />
  );
}

function LiveKitTile({ trackRef, className }: { trackRef: TrackReferenceOrPlaceholder; className?: string }) {
  const { participant } = trackRef;
  const micMuted = useIsMuted({ participant, source: Track.Source.Microphone });
  const screen = trackRef.source === Track.Source.ScreenShare;
  const hasVideo = isTrackReference(trackRef) && !trackRef.publication.isMuted;
  return (
    <ParticipantTile
      local={participant.isLocal}
      name={participant.name || participant.identity}
      role={roleOf(participant.attributes)}
      userId={participant.identity}
      audioMuted={micMuted}
      videoOff={!hasVideo}
      screen={screen}
      className={className}
    >
      {isTrackReference(trackRef) ? (
        <VideoTrack
          trackRef={trackRef}
          data-testid={participant.isLocal ? undefined : TID.callRemoteVideo}
          // The others are shown whole (a clinician needs the full picture, not a crop); this person's own small picture fills its frame.
          className={participant.isLocal && !screen ? "size-full object-cover" : "size-full object-contain"}
        />
      ) : null}
    </ParticipantTile>
  );
}

/** Samples LiveKit's publisher link and each incoming video every two seconds. */
function useLiveKitStats(room: Room, onStats: MutableRefObject<((stats: CallStats) => void) | undefined>) {
  useEffect(() => {
    let samples: ConnectionSample[] = [];
    const counters = new Map<string, StatsCounters>();
    // Sampling is best effort: a failed sample is skipped, the next one comes in two seconds.
    const timer = setInterval(
      () =>
        void (async () => {
          const now = Date.now();
          const sources: { peerId: string; track: Track | undefined }[] = [
            { peerId: "livekit:publish", track: room.localParticipant.getTrackPublication(Track.Source.Camera)?.track },
            ...[...room.remoteParticipants.values()].map((p) => ({ peerId: p.identity, track: p.getTrackPublication(Track.Source.Camera)?.track })),
          ];
          const fresh: ConnectionSample[] = [];
          for (const { peerId, track } of sources) {
            const report = await track?.getRTCStatsReport().catch(() => undefined);
            if (!report) continue;
            const { sample, counters: next } = summarizeStats(report.values(), { peerId, now, previous: counters.get(peerId) ?? null });
            counters.set(peerId, next);
            fresh.push(sample);
          }
          if (fresh.length === 0) return;
          samples = appendSamples(samples, fresh);
          onStats.current?.({ provider: "LIVEKIT", samples });
        })().catch(() => undefined),
      2_000,
    );
    return () => clearInterval(timer);
  }, [room, onStats]);
}
