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
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode, type RefObject } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
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
  const QualityIcon = quality === "excellent" ? SignalHighIcon : quality === "good" ? SignalMediumIcon : quality === "poor" ? SignalLowIcon : SignalZeroIcon;
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
  /** Asks before leaving (a dialog saying what leaving means); null leaves at once. */
  leaveConfirmation?: LeaveConfirmation | null;
}

export interface LeaveConfirmation {
  /** What happens when this person leaves (e.g. "The visit keeps running; you can rejoin from this page."). */
  description: string;
}

export function CallControls(props: CallControlsProps) {
  const { audio, video, screen, disabled } = props;
  const [confirming, setConfirming] = useState(false);
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
      <Button
        variant="destructive"
        data-testid={TID.callLeave}
        aria-haspopup={props.leaveConfirmation ? "dialog" : undefined}
        onClick={() => (props.leaveConfirmation ? setConfirming(true) : props.onLeave())}
      >
        <PhoneOffIcon />
        Leave
      </Button>
      {props.leaveConfirmation ? (
        <Dialog open={confirming} onOpenChange={setConfirming}>
          <DialogContent>
            <DialogHeader>
              <DialogTitle>Leave the call?</DialogTitle>
              <DialogDescription>{props.leaveConfirmation.description}</DialogDescription>
            </DialogHeader>
            <DialogFooter>
              <Button variant="outline" onClick={() => setConfirming(false)}>
                Stay in the call
              </Button>
              <Button
                variant="destructive"
                data-testid={TID.callLeaveConfirm}
                onClick={() => {
                  setConfirming(false);
                  props.onLeave();
                }}
              >
                <PhoneOffIcon />
                Leave the call
              </Button>
            </DialogFooter>
          </DialogContent>
        </Dialog>
      ) : null}
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

/** Classes for a tile that fills its place on the stage (instead of a fixed 16:9 box). */
export const STAGE_TILE = "aspect-auto size-full rounded-none md:rounded-lg";
/** Classes for a tile in the strip beside a shared screen. */
export const STRIP_TILE = "aspect-video max-md:h-full max-md:w-auto md:w-full";
/** Classes for the self-view tile inside the picture-in-picture frame. */
export const SELF_TILE = "aspect-video w-full rounded-lg";

/**
 * The call's layout, the same for both providers: connection badges, notices, the stage and
 * the controls. On a phone the stage fills the screen and the badges and controls sit over it.
 */
export function CallLayout({
  provider,
  state,
  badges,
  notices,
  stage,
  controls,
}: {
  provider: "LIVEKIT" | "P2P";
  state: CallConnectionState;
  badges: ReactNode;
  notices?: ReactNode;
  stage: ReactNode;
  controls: ReactNode;
}) {
  return (
    <section
      data-testid={TID.callRoom}
      data-provider={provider}
      data-state={state}
      aria-label="Video call"
      className="relative flex h-full min-h-0 flex-col gap-2 md:gap-3"
    >
      <div className="flex flex-wrap items-center gap-2 max-md:pointer-events-none max-md:absolute max-md:top-[max(0.5rem,env(safe-area-inset-top))] max-md:left-2 max-md:z-20 max-md:max-w-[calc(100%-7rem)]">
        {badges}
      </div>
      {notices}
      {stage}
      <div className="max-md:absolute max-md:inset-x-0 max-md:bottom-0 max-md:z-20 max-md:bg-gradient-to-t max-md:from-black/75 max-md:to-transparent max-md:px-3 max-md:pt-8 max-md:pb-[max(0.75rem,env(safe-area-inset-bottom))]">
        {controls}
      </div>
    </section>
  );
}

/**
 * The stage: the others large (a shared screen takes the stage, with the people beside it),
 * and this person's own picture small in a corner (picture-in-picture) that they can move.
 */
export function CallStage({
  people,
  screens,
  self,
  empty,
}: {
  /** The others' camera tiles. */
  people: ReactNode[];
  /** Shared screens (the first one takes the stage). */
  screens: ReactNode[];
  /** This person's own picture (camera, or their shared screen where the provider sends one video). */
  self: ReactNode;
  /** Shown on an empty stage (nobody else here yet). */
  empty?: ReactNode;
}) {
  const stageRef = useRef<HTMLDivElement>(null);
  const layout = screens.length > 0 ? "screen" : people.length > 0 ? "people" : "empty";
  return (
    <div
      ref={stageRef}
      data-testid={TID.callStage}
      data-layout={layout}
      // A floor for hosts without a set height (the /device-check test call); in the session room it grows to fill.
      className="relative min-h-64 flex-1 overflow-hidden bg-neutral-950 md:rounded-lg"
    >
      {layout === "screen" ? (
        <div className="flex size-full gap-2 max-md:flex-col">
          <div className="min-h-0 min-w-0 flex-1">{screens[0]}</div>
          {screens.length > 1 || people.length > 0 ? (
            <div className="flex shrink-0 gap-2 overflow-auto max-md:h-24 md:w-56 md:flex-col">
              {screens.slice(1)}
              {people}
            </div>
          ) : null}
        </div>
      ) : layout === "people" ? (
        <div className={cn("grid size-full gap-2", people.length === 1 ? "grid-cols-1" : people.length === 2 ? "grid-cols-1 md:grid-cols-2" : "grid-cols-2")}>
          {people}
        </div>
      ) : (
        <div className="flex size-full items-center justify-center p-6 text-center text-sm text-white/80">{empty}</div>
      )}
      <SelfView stageRef={stageRef}>{self}</SelfView>
    </div>
  );
}

type Corner = "top-left" | "top-right" | "bottom-left" | "bottom-right";

const CORNER_CLASS: Record<Corner, string> = {
  // On a phone the badges sit at the top and the controls at the bottom, over the video.
  "top-left": "left-2 top-12 md:top-2",
  "top-right": "right-2 top-12 md:top-2",
  "bottom-left": "left-2 bottom-28 md:bottom-2",
  "bottom-right": "right-2 bottom-28 md:bottom-2",
};

/** The corner nearest to a point of the stage. */
export function nearestCorner(x: number, y: number, width: number, height: number): Corner {
  return `${y < height / 2 ? "top" : "bottom"}-${x < width / 2 ? "left" : "right"}` as Corner;
}

/**
 * This person's own picture in a corner of the stage. Dragged with a finger or mouse
 * (pointer events), it follows and then settles in the nearest corner; with the keyboard,
 * the arrow keys move it between corners.
 */
function SelfView({ stageRef, children }: { stageRef: RefObject<HTMLDivElement | null>; children: ReactNode }) {
  const [corner, setCorner] = useState<Corner>("bottom-right");
  const [offset, setOffset] = useState<{ x: number; y: number } | null>(null);
  const drag = useRef<{ pointerId: number; startX: number; startY: number } | null>(null);

  function onPointerDown(e: PointerEvent<HTMLDivElement>) {
    if (e.button !== 0) return;
    // Buttons inside the tile (e.g. "Turn on sound") keep working.
    if ((e.target as Element).closest("button")) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { pointerId: e.pointerId, startX: e.clientX, startY: e.clientY };
    setOffset({ x: 0, y: 0 });
  }
  function onPointerMove(e: PointerEvent<HTMLDivElement>) {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    setOffset({ x: e.clientX - d.startX, y: e.clientY - d.startY });
  }
  function onPointerEnd(e: PointerEvent<HTMLDivElement>) {
    const d = drag.current;
    if (!d || d.pointerId !== e.pointerId) return;
    drag.current = null;
    const stage = stageRef.current?.getBoundingClientRect();
    const box = e.currentTarget.getBoundingClientRect();
    setOffset(null);
    if (!stage) return;
    setCorner(nearestCorner(box.left + box.width / 2 - stage.left, box.top + box.height / 2 - stage.top, stage.width, stage.height));
  }
  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const [v, h] = corner.split("-") as ["top" | "bottom", "left" | "right"];
    const next: Partial<Record<string, Corner>> = {
      ArrowUp: `top-${h}`,
      ArrowDown: `bottom-${h}`,
      ArrowLeft: `${v}-left`,
      ArrowRight: `${v}-right`,
    };
    const to = next[e.key];
    if (!to) return;
    e.preventDefault();
    setCorner(to);
  }

  return (
    <div
      role="group"
      tabIndex={0}
      aria-roledescription="movable picture"
      aria-label={`Your own picture, ${corner.replace("-", " ")} corner. Drag it, or use the arrow keys, to move it.`}
      data-testid={TID.callSelfView}
      data-corner={corner}
      data-dragging={offset ? "true" : "false"}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerEnd}
      onPointerCancel={onPointerEnd}
      onKeyDown={onKeyDown}
      style={offset ? { transform: `translate(${offset.x}px, ${offset.y}px)` } : undefined}
      className={cn(
        "absolute z-10 w-28 cursor-grab touch-none rounded-lg shadow-xl ring-2 ring-white/70 outline-none select-none sm:w-40 md:w-48 lg:w-56",
        "focus-visible:ring-4 focus-visible:ring-primary",
        offset ? "cursor-grabbing" : "transition-[top,right,bottom,left] duration-200",
        CORNER_CLASS[corner],
      )}
    >
      {children}
    </div>
  );
}

export function canShareScreenInBrowser(): boolean {
  return typeof navigator !== "undefined" && typeof navigator.mediaDevices?.getDisplayMedia === "function";
}
