"use client";

// The call's look and controls, shared by the LiveKit and the peer-to-peer room so both
// behave the same for the person using them.

import {
  MicIcon,
  MicOffIcon,
  PhoneOffIcon,
  ScreenShareIcon,
  ScreenShareOffIcon,
  SignalHighIcon,
  SignalLowIcon,
  SignalMediumIcon,
  SignalZeroIcon,
  UserRoundIcon,
  VideoIcon,
  VideoOffIcon,
  Volume2Icon,
  WifiOffIcon,
} from "lucide-react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils";
import { TID } from "@/lib/test-ids";
import type { CallRole } from "@/lib/video/connection";
import type { ConnectionQuality } from "@/lib/video/stats";

/** The whole call's state as the person sees it. */
export type CallConnectionState = "connecting" | "waiting" | "connected" | "reconnecting" | "disconnected" | "full" | "failed";

const STATE_LABEL: Record<CallConnectionState, string> = {
  connecting: "Connecting…",
  waiting: "Waiting for others to join",
  connected: "Connected",
  reconnecting: "Connection lost — reconnecting…",
  disconnected: "Disconnected",
  full: "This call is full",
  failed: "Could not connect",
};

const QUALITY_LABEL: Record<ConnectionQuality, string> = {
  excellent: "Excellent connection",
  good: "Good connection",
  poor: "Poor connection",
  unknown: "Measuring connection…",
};

export function ConnectionBadge({ state, quality }: { state: CallConnectionState; quality: ConnectionQuality }) {
  const busy = state === "connecting" || state === "reconnecting";
  const variant = state === "connected" ? (quality === "poor" ? "warning" : "success") : busy || state === "waiting" ? "info" : "destructive";
  const QualityIcon =
    quality === "excellent" ? SignalHighIcon : quality === "good" ? SignalMediumIcon : quality === "poor" ? SignalLowIcon : SignalZeroIcon;
  return (
    <Badge variant={variant} data-testid={TID.callConnectionState} data-state={state} data-quality={quality} role="status" aria-live="polite">
      {busy ? <Spinner size="sm" label={null} /> : state === "connected" ? <QualityIcon aria-hidden="true" /> : <WifiOffIcon aria-hidden="true" />}
      <span>{STATE_LABEL[state]}</span>
      {state === "connected" ? <span className="sr-only">, {QUALITY_LABEL[quality]}</span> : null}
    </Badge>
  );
}

export function RecordingIndicator({ active }: { active: boolean }) {
  if (!active) return null;
  return (
    <Badge variant="destructive" data-testid={TID.callRecording} role="status">
      <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-destructive" />
      Recording
    </Badge>
  );
}

export interface CallControlsProps {
  audio: boolean;
  video: boolean;
  screen: boolean;
  /** Screen sharing is offered only where the role may share and the browser can. */
  canShareScreen: boolean;
  onToggleAudio: () => void;
  onToggleVideo: () => void;
  onToggleScreen: () => void;
  onLeave: () => void;
  disabled?: boolean;
}

export function CallControls(props: CallControlsProps) {
  const { audio, video, screen, disabled } = props;
  return (
    <div role="toolbar" aria-label="Call controls" className="flex flex-wrap items-center justify-center gap-2">
      <Button
        variant={audio ? "secondary" : "destructive"}
        size="icon"
        aria-pressed={!audio}
        aria-label={audio ? "Mute microphone" : "Unmute microphone"}
        title={audio ? "Mute microphone" : "Unmute microphone"}
        data-testid={TID.callToggleMic}
        data-on={audio}
        disabled={disabled}
        onClick={props.onToggleAudio}
      >
        {audio ? <MicIcon /> : <MicOffIcon />}
      </Button>
      <Button
        variant={video ? "secondary" : "destructive"}
        size="icon"
        aria-pressed={!video}
        aria-label={video ? "Turn camera off" : "Turn camera on"}
        title={video ? "Turn camera off" : "Turn camera on"}
        data-testid={TID.callToggleCamera}
        data-on={video}
        disabled={disabled}
        onClick={props.onToggleVideo}
      >
        {video ? <VideoIcon /> : <VideoOffIcon />}
      </Button>
      {props.canShareScreen ? (
        <Button
          variant={screen ? "default" : "secondary"}
          size="icon"
          aria-pressed={screen}
          aria-label={screen ? "Stop sharing your screen" : "Share your screen"}
          title={screen ? "Stop sharing your screen" : "Share your screen"}
          data-testid={TID.callToggleScreen}
          data-on={screen}
          disabled={disabled}
          onClick={props.onToggleScreen}
        >
          {screen ? <ScreenShareOffIcon /> : <ScreenShareIcon />}
        </Button>
      ) : null}
      <Button variant="destructive" data-testid={TID.callLeave} onClick={props.onLeave}>
        <PhoneOffIcon />
        Leave
      </Button>
    </div>
  );
}

const ROLE_LABEL: Record<CallRole, string> = { CLINICIAN: "Clinician", PATIENT: "Patient", GUEST: "Guest" };

export interface ParticipantTileProps {
  name: string;
  role?: CallRole | null;
  local?: boolean;
  audioMuted: boolean;
  videoOff: boolean;
  screen?: boolean;
  /** The other side's user id, for tests and the session page. */
  userId?: string;
  state?: string;
  children?: ReactNode;
  className?: string;
}

export function ParticipantTile({ name, role, local, audioMuted, videoOff, screen, userId, state, children, className }: ParticipantTileProps) {
  const label = local ? `${name} (you)` : name;
  return (
    <figure
      data-testid={local ? TID.callLocalTile : TID.callRemoteTile}
      data-user-id={userId}
      data-muted={audioMuted}
      data-video={videoOff ? "off" : "on"}
      data-screen={screen ? "on" : "off"}
      data-state={state}
      aria-label={`${label}${audioMuted ? ", microphone muted" : ""}${videoOff ? ", camera off" : ""}`}
      className={cn("relative flex aspect-video min-h-0 items-center justify-center overflow-hidden rounded-lg bg-neutral-900 text-white", className)}
    >
      {children}
      {videoOff ? (
        <div className="absolute inset-0 flex flex-col items-center justify-center gap-2 bg-neutral-800" aria-hidden="true">
          <span className="flex size-16 items-center justify-center rounded-full bg-neutral-700">
            <UserRoundIcon className="size-8" />
          </span>
        </div>
      ) : null}
      <figcaption className="absolute bottom-2 left-2 flex max-w-[calc(100%-1rem)] items-center gap-1.5 rounded-md bg-black/65 px-2 py-1 text-xs font-medium">
        {audioMuted ? (
          <span data-testid={TID.callMutedBadge} className="inline-flex items-center" title="Microphone muted">
            <MicOffIcon aria-hidden="true" className="size-3.5 text-red-300" />
            <span className="sr-only">Muted</span>
          </span>
        ) : null}
        <span className="truncate">{label}</span>
        {role ? <span className="text-white/70">· {ROLE_LABEL[role]}</span> : null}
      </figcaption>
    </figure>
  );
}

/**
 * A <video> showing a MediaStream. Remote audio plays through it; if the browser blocks
 * sound until the person interacts, it plays muted and offers a button to turn sound on.
 */
export function StreamVideo({
  stream,
  local,
  sinkId,
  contain,
  testId,
  audioEnabled = true,
}: {
  stream: MediaStream | null;
  local?: boolean;
  sinkId?: string | null;
  contain?: boolean;
  testId?: string;
  /** False to play the picture without sound (e.g. the loopback test's echo). */
  audioEnabled?: boolean;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  const [blocked, setBlocked] = useState(false);
  const muted = local || !audioEnabled;

  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    if (!stream) return;
    video.muted = muted;
    video.play().catch((error: unknown) => {
      if ((error as { name?: string }).name !== "NotAllowedError" || muted) return;
      video.muted = true;
      setBlocked(true);
      void video.play().catch(() => undefined);
    });
  }, [stream, muted]);

  useEffect(() => {
    const video = ref.current as (HTMLVideoElement & { setSinkId?: (id: string) => Promise<void> }) | null;
    if (video && sinkId && video.setSinkId) void video.setSinkId(sinkId).catch(() => undefined);
  }, [sinkId]);

  return (
    <>
      <video
        ref={ref}
        data-testid={testId}
        autoPlay
        playsInline
        muted={muted}
        className={cn("size-full", contain ? "object-contain" : "object-cover", local && !contain && "-scale-x-100")}
      />
      {blocked ? (
        <Button
          size="sm"
          className="absolute top-2 right-2"
          data-testid={TID.callEnableAudio}
          onClick={() => {
            if (ref.current) ref.current.muted = false;
            setBlocked(false);
          }}
        >
          <Volume2Icon />
          Turn on sound
        </Button>
      ) : null}
    </>
  );
}

/** Tiles in a grid that suits the number of people (1 to 4). */
export function TileGrid({ count, children }: { count: number; children: ReactNode }) {
  return (
    <div className={cn("grid min-h-0 flex-1 gap-2", count <= 1 ? "grid-cols-1" : "grid-cols-1 sm:grid-cols-2")}>{children}</div>
  );
}

export function canShareScreenInBrowser(): boolean {
  return typeof navigator !== "undefined" && typeof navigator.mediaDevices?.getDisplayMedia === "function";
}
