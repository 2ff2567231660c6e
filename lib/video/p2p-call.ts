// A peer-to-peer call: one RTCPeerConnection per other participant (a mesh of at most
// four), negotiated with the "perfect negotiation" pattern so either side may offer at any
// time (joins, ICE restarts, glare) without a coordinator. Signalling goes through a
// SignalingChannel, so this file knows nothing about Pusher.
//
// Every connection always carries exactly one audio and one video sender. Muting disables
// the audio track; turning the camera off stops the camera (its light goes off) and sends
// a black placeholder frame instead; screen sharing replaces the video track. None of these
// renegotiates, and the other side learns the state from a "media" message.
import { MAX_CALL_PARTICIPANTS, type CallRole, type IceServer, type SelectedDevices } from "@/lib/video/connection";
import type { SignalingChannel } from "@/lib/video/signaling";
import { appendSamples, type CallStats, type ConnectionQuality, type ConnectionSample, type StatsCounters, summarizeStats } from "@/lib/video/stats";

export type PeerState = "connecting" | "connected" | "reconnecting" | "failed";
export type P2PCallStatus = "starting" | "waiting" | "connecting" | "connected" | "reconnecting" | "full" | "left";

export interface MediaState {
  audio: boolean;
  video: boolean;
  screen: boolean;
}

export interface PeerInfo {
  userId: string;
  displayName: string;
  role: CallRole | null;
}

export interface RemotePeer {
  peerId: string;
  info: PeerInfo | null;
  stream: MediaStream | null;
  media: MediaState;
  state: PeerState;
  quality: ConnectionQuality;
}

export interface P2PSnapshot {
  status: P2PCallStatus;
  local: {
    /** What this person sends as video (camera or screen), for their own preview. */
    preview: MediaStream | null;
    media: MediaState;
    /** Set when the camera or microphone could not start (the call still connects). */
    mediaError: unknown;
  };
  peers: RemotePeer[];
  quality: ConnectionQuality;
}

export interface P2PCallOptions {
  signaling: SignalingChannel;
  iceServers: IceServer[];
  self: PeerInfo;
  devices: SelectedDevices;
  /** Called every statsIntervalMs with the recent connection statistics. */
  onStats?: (stats: CallStats) => void;
  statsIntervalMs?: number;
  /** Injected for tests; the browser's by default. */
  mediaDevices?: MediaDevices;
  /** How long a connection may stay not up before it is offered again (tests shorten it). */
  connectWatchdogMs?: number;
}

// Signalling message types (the transport prefixes and batches them).
const HELLO = "hello";
const DESCRIPTION = "description";
const CANDIDATE = "candidate";
const MEDIA = "media";
const BYE = "bye";
const FULL = "full";

/** A peer that stays failed this long after ICE restarts is treated as gone. */
const GIVE_UP_MS = 20_000;
/** "disconnected" often heals by itself; restart ICE if it has not after this long. */
const DISCONNECTED_GRACE_MS = 2_500;
/** While alone, say hello again this often (a hello can be missed during a reconnect). */
const REANNOUNCE_MS = 5_000;
/**
 * A connection not up yet on which nothing has moved for this long (no description sent or
 * applied, no candidate gathered or applied, no ICE, gathering or connection state change) is offered again (fresh candidates, new offer),
 * and again after each such quiet stretch until it is up: an offer or answer lost on the way
 * must not leave the call "connecting" for good. Quiet, not old: on a loaded machine a
 * first negotiation can take longer than this while every step is on its way, and
 * interrupting it costs a whole new round.
 */
const CONNECT_WATCHDOG_MS = 10_000;

interface Peer {
  id: string;
  /**
   * Which start of the other side's call this connection belongs to. A page can tear its
   * call down and start a new one under the same peer id (its realtime channel came back),
   * and the goodbye of the old one can be lost with the old transport; messages name the
   * instance they come from and the one they are for, so nothing meant for the old call is
   * applied to the new one.
   */
  remoteInstance: string | null;
  pc: RTCPeerConnection;
  polite: boolean;
  /**
   * The polite side makes no first offer of its own: it waits for the other side's (until
   * the watchdog's wait passes). When both offered at once, the polite side's implicit
   * rollback of its first offer could leave Chrome's ICE gathering stalled for good on that
   * connection (no local candidate ever, the call "connecting" until it was given up; seen
   * in CI's call logs), and a first negotiation needs only one offer anyway.
   */
  waitsForOffer: boolean;
  makingOffer: boolean;
  ignoreOffer: boolean;
  info: PeerInfo | null;
  stream: MediaStream | null;
  media: MediaState;
  state: PeerState;
  everConnected: boolean;
  audioSender: RTCRtpSender;
  videoSender: RTCRtpSender;
  disconnectedTimer: ReturnType<typeof setTimeout> | null;
  connectWatchdog: ReturnType<typeof setTimeout> | null;
  /**
   * The number of the offer this side has outstanding (null: none). Offers carry their
   * number and answers the number of the offer they answer, so an answer to an offer that
   * was rolled back (the watchdog offered again while it was on its way) is not taken for
   * the answer to the new one: applied, it paired the new offer's ICE credentials with the
   * old answer's, and the new answer was then refused in "stable" — a connection that could
   * not come up until ICE failed and restarted.
   */
  localOffer: number | null;
  offersMade: number;
  /** The number of the remote offer being answered (echoed in the answer). */
  remoteOffer: number | null;
  /**
   * Descriptions and candidates from this peer, applied one after another: a candidate must
   * not reach the connection while the offer it belongs to is still being applied (it would
   * be refused and lost, and the call could stay "connecting").
   */
  ops: Promise<void>;
  failedSince: number | null;
  counters: StatsCounters | null;
  quality: ConnectionQuality;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

function readMedia(v: unknown): MediaState | null {
  if (!isObject(v)) return null;
  return { audio: v.audio === true, video: v.video === true, screen: v.screen === true };
}

function readInstance(v: unknown): string | null {
  return typeof v === "string" && v.length > 0 && v.length <= 64 ? v : null;
}

function newInstanceId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

function readInfo(v: unknown): PeerInfo | null {
  if (!isObject(v) || typeof v.userId !== "string" || typeof v.displayName !== "string") return null;
  const role = v.role === "CLINICIAN" || v.role === "PATIENT" || v.role === "GUEST" ? v.role : null;
  return { userId: v.userId, displayName: v.displayName.slice(0, 200), role };
}

export class P2PCall {
  private readonly signaling: SignalingChannel;
  private readonly selfId: string;
  /** This start of the call (see Peer.remoteInstance). */
  private readonly instance = newInstanceId();
  private readonly mediaDevices: MediaDevices;
  private readonly peers = new Map<string, Peer>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly listeners = new Set<() => void>();
  private snapshot: P2PSnapshot;

  private started = false;
  private left = false;
  private full = false;
  private media: MediaState;
  private mediaError: unknown = null;
  private audioTrack: MediaStreamTrack | null = null;
  private cameraTrack: MediaStreamTrack | null = null;
  private screenTrack: MediaStreamTrack | null = null;
  private placeholder: { video: MediaStreamTrack; audio: MediaStreamTrack | null; stop(): void } | null = null;
  private readonly sendStream = new MediaStream();
  private preview: MediaStream | null = null;
  private previewTrack: MediaStreamTrack | null = null;
  private samples: ConnectionSample[] = [];
  private statsTimer: ReturnType<typeof setInterval> | null = null;
  private announceTimer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: P2PCallOptions) {
    this.signaling = options.signaling;
    this.selfId = options.signaling.selfId;
    this.mediaDevices = options.mediaDevices ?? navigator.mediaDevices;
    this.media = { audio: options.devices.audioEnabled, video: options.devices.videoEnabled, screen: false };
    this.snapshot = this.buildSnapshot();
  }

  // ── React glue (useSyncExternalStore) ──

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  private changed() {
    this.snapshot = this.buildSnapshot();
    for (const listener of this.listeners) listener();
  }

  private buildSnapshot(): P2PSnapshot {
    const peers: RemotePeer[] = [...this.peers.values()].map((p) => ({
      peerId: p.id,
      info: p.info,
      stream: p.stream,
      media: p.media,
      state: p.state,
      quality: p.quality,
    }));
    const outgoing = this.screenTrack ?? (this.media.video ? this.cameraTrack : null);
    // A new stream object only when the track changes, so the preview does not flicker.
    if (outgoing !== this.previewTrack) {
      this.previewTrack = outgoing;
      this.preview = outgoing ? new MediaStream([outgoing]) : null;
    }
    return {
      status: this.status(),
      local: { preview: this.preview, media: { ...this.media }, mediaError: this.mediaError },
      peers,
      quality: peers.reduce<ConnectionQuality>((worst, p) => worse(worst, p.quality), peers.length ? "excellent" : "unknown"),
    };
  }

  private status(): P2PCallStatus {
    if (this.left) return "left";
    if (!this.started) return "starting";
    const peers = [...this.peers.values()];
    if (peers.length === 0) return this.full ? "full" : "waiting";
    if (peers.some((p) => p.everConnected && p.state !== "connected")) return "reconnecting";
    if (peers.some((p) => p.state === "connected")) return "connected";
    return "connecting";
  }

  // ── lifecycle ──

  async start(): Promise<void> {
    if (this.started || this.left) return;
    await this.acquireLocalMedia();
    if (this.left) {
      this.stopLocalMedia();
      return;
    }
    this.unsubscribe.push(
      this.signaling.on(HELLO, (p, from) => this.onHello(p, from)),
      this.signaling.on(DESCRIPTION, (p, from) => void this.onDescription(p, from)),
      this.signaling.on(CANDIDATE, (p, from) => void this.onCandidate(p, from)),
      this.signaling.on(MEDIA, (p, from) => this.onMedia(p, from)),
      this.signaling.on(BYE, (p, from) => this.onBye(p, from)),
      this.signaling.on(FULL, () => this.onFull()),
    );
    const restartAll = () => this.restartIce();
    window.addEventListener("online", restartAll);
    const connection = (navigator as Navigator & { connection?: EventTarget }).connection;
    connection?.addEventListener("change", restartAll);
    const onPageHide = () => {
      this.signaling.send(BYE, {});
      this.signaling.flush?.();
    };
    window.addEventListener("pagehide", onPageHide);
    this.unsubscribe.push(() => {
      window.removeEventListener("online", restartAll);
      connection?.removeEventListener("change", restartAll);
      window.removeEventListener("pagehide", onPageHide);
    });

    this.started = true;
    this.announce();
    this.announceTimer = setInterval(() => {
      if (this.peers.size === 0 && !this.full) this.announce();
    }, REANNOUNCE_MS);
    this.statsTimer = setInterval(() => void this.collectStats(), this.options.statsIntervalMs ?? 2_000);
    this.changed();
  }

  /** Leaves the call: tells the others, closes every connection and releases camera and microphone. */
  leave(): void {
    if (this.left) return;
    this.left = true;
    if (this.started) {
      this.signaling.send(BYE, {});
      this.signaling.flush?.();
    }
    for (const off of this.unsubscribe.splice(0)) off();
    if (this.statsTimer) clearInterval(this.statsTimer);
    if (this.announceTimer) clearInterval(this.announceTimer);
    for (const id of [...this.peers.keys()]) this.closePeer(id, false);
    this.stopLocalMedia();
    this.changed();
  }

  // ── local media ──

  private async acquireLocalMedia() {
    const { devices } = this.options;
    const audio: MediaTrackConstraints | boolean = devices.audioInputId ? { deviceId: { exact: devices.audioInputId } } : true;
    const video: MediaTrackConstraints | boolean = devices.videoInputId ? { deviceId: { exact: devices.videoInputId } } : true;
    try {
      const stream = await this.mediaDevices.getUserMedia({ audio, video: devices.videoEnabled ? video : false });
      this.audioTrack = stream.getAudioTracks()[0] ?? null;
      this.cameraTrack = stream.getVideoTracks()[0] ?? null;
    } catch (error) {
      this.mediaError = error;
      // Try the microphone alone: a call without video beats no call.
      try {
        const stream = await this.mediaDevices.getUserMedia({ audio });
        this.audioTrack = stream.getAudioTracks()[0] ?? null;
      } catch {
        this.audioTrack = null;
      }
    }
    if (this.audioTrack) this.audioTrack.enabled = this.media.audio;
    else this.media.audio = false;
    if (!this.cameraTrack) this.media.video = false;
    this.syncSendStream();
  }

  private ensurePlaceholder() {
    if (this.placeholder) return this.placeholder;
    const canvas = document.createElement("canvas");
    canvas.width = 320;
    canvas.height = 180;
    const paint = () => {
      const ctx = canvas.getContext("2d");
      if (ctx) {
        ctx.fillStyle = "#000";
        ctx.fillRect(0, 0, canvas.width, canvas.height);
      }
    };
    paint();
    // Some browsers only emit frames for a canvas that is painted.
    const timer = setInterval(paint, 1000);
    const video = canvas.captureStream(1).getVideoTracks()[0]!;
    let audio: MediaStreamTrack | null = null;
    let context: AudioContext | null = null;
    try {
      context = new AudioContext();
      audio = context.createMediaStreamDestination().stream.getAudioTracks()[0] ?? null;
    } catch {
      audio = null;
    }
    this.placeholder = {
      video,
      audio,
      stop() {
        clearInterval(timer);
        video.stop();
        audio?.stop();
        void context?.close();
      },
    };
    return this.placeholder;
  }

  private outgoingVideo(): MediaStreamTrack {
    return this.screenTrack ?? (this.media.video && this.cameraTrack ? this.cameraTrack : this.ensurePlaceholder().video);
  }

  private outgoingAudio(): MediaStreamTrack | null {
    return this.audioTrack ?? this.ensurePlaceholder().audio;
  }

  private syncSendStream() {
    for (const track of this.sendStream.getTracks()) this.sendStream.removeTrack(track);
    const audio = this.outgoingAudio();
    if (audio) this.sendStream.addTrack(audio);
    this.sendStream.addTrack(this.outgoingVideo());
  }

  private async replaceOutgoing() {
    this.syncSendStream();
    const video = this.outgoingVideo();
    const audio = this.outgoingAudio();
    await Promise.all(
      [...this.peers.values()].flatMap((p) => [
        p.videoSender.track !== video ? p.videoSender.replaceTrack(video) : Promise.resolve(),
        p.audioSender.track !== audio ? p.audioSender.replaceTrack(audio) : Promise.resolve(),
      ]),
    );
  }

  private stopLocalMedia() {
    this.audioTrack?.stop();
    this.cameraTrack?.stop();
    this.screenTrack?.stop();
    this.placeholder?.stop();
    this.audioTrack = this.cameraTrack = this.screenTrack = null;
    this.placeholder = null;
  }

  private mediaChanged() {
    if (this.started) this.signaling.send(MEDIA, this.media);
    this.changed();
  }

  async setMicrophoneEnabled(on: boolean): Promise<void> {
    if (on && !this.audioTrack) {
      const { audioInputId } = this.options.devices;
      const stream = await this.mediaDevices.getUserMedia({ audio: audioInputId ? { deviceId: { exact: audioInputId } } : true });
      this.audioTrack = stream.getAudioTracks()[0] ?? null;
      await this.replaceOutgoing();
    }
    if (this.audioTrack) this.audioTrack.enabled = on;
    this.media = { ...this.media, audio: on && this.audioTrack !== null };
    this.mediaChanged();
  }

  async setCameraEnabled(on: boolean): Promise<void> {
    if (on) {
      if (!this.cameraTrack || this.cameraTrack.readyState === "ended") {
        const { videoInputId } = this.options.devices;
        const stream = await this.mediaDevices.getUserMedia({ video: videoInputId ? { deviceId: { exact: videoInputId } } : true });
        this.cameraTrack = stream.getVideoTracks()[0] ?? null;
      }
      this.media = { ...this.media, video: this.cameraTrack !== null };
    } else {
      // Stopping (not just disabling) turns the camera light off.
      this.cameraTrack?.stop();
      this.cameraTrack = null;
      this.media = { ...this.media, video: false };
    }
    await this.replaceOutgoing();
    this.mediaChanged();
  }

  async setScreenShareEnabled(on: boolean): Promise<void> {
    if (on === (this.screenTrack !== null)) return;
    if (on) {
      const stream = await this.mediaDevices.getDisplayMedia({ video: true, audio: false });
      const track = stream.getVideoTracks()[0];
      if (!track) return;
      track.addEventListener("ended", () => void this.setScreenShareEnabled(false));
      this.screenTrack = track;
    } else {
      this.screenTrack?.stop();
      this.screenTrack = null;
    }
    this.media = { ...this.media, screen: this.screenTrack !== null };
    await this.replaceOutgoing();
    this.mediaChanged();
  }

  // ── signalling ──

  /** Says hello to everyone, or to one peer (`to`). */
  private announce(to?: string) {
    this.signaling.send(HELLO, { info: this.options.self, media: this.media, instance: this.instance }, to);
  }

  /** What every message to one peer carries: who we are and which of their calls it is for. */
  private addressing(peer: Peer) {
    return { instance: this.instance, ...(peer.remoteInstance ? { to: peer.remoteInstance } : {}) };
  }

  /** False for a message meant for an earlier start of this call under the same peer id. */
  private forMe(payload: Record<string, unknown>): boolean {
    const to = readInstance(payload.to);
    return to === null || to === this.instance;
  }

  /** False for a message from another start of the peer's call than the one this connection belongs to. */
  private fromPeerInstance(peer: Peer, payload: Record<string, unknown>): boolean {
    const instance = readInstance(payload.instance);
    return instance === null || peer.remoteInstance === null || instance === peer.remoteInstance;
  }

  private onHello(payload: unknown, from: string) {
    if (this.left || !isObject(payload)) return;
    const info = readInfo(payload.info);
    const existing = this.peers.get(from);
    if (existing && this.fromPeerInstance(existing, payload)) {
      if (existing.state === "failed") existing.pc.restartIce();
      // They say hello again, so they have no connection with us: our hello back was lost.
      else if (existing.waitsForOffer && !existing.pc.remoteDescription) this.announce(from);
      return;
    }
    // A new start of their call under the same peer id: whatever we had with the old one is dead.
    if (existing) this.closePeer(from, false);
    // The same person again under a new peer id: they reloaded or rejoined; the old
    // connection is dead even if ICE has not noticed yet.
    if (info) for (const peer of [...this.peers.values()]) if (peer.info?.userId === info.userId) this.closePeer(peer.id);
    if (this.peers.size >= MAX_CALL_PARTICIPANTS - 1) {
      this.signaling.send(FULL, {}, from);
      return;
    }
    // Adding our tracks makes this side offer (negotiationneeded), unless it is the polite
    // side: that one says hello back, so that the other side, which may not have heard its
    // hello (it was alone then), makes its connection and the offer.
    const peer = this.createPeer(from, info, readMedia(payload.media), readInstance(payload.instance));
    if (peer.waitsForOffer) this.announce(from);
  }

  private onBye(payload: unknown, from: string) {
    const peer = this.peers.get(from);
    if (peer && (!isObject(payload) || this.fromPeerInstance(peer, payload))) this.closePeer(from);
  }

  private createPeer(id: string, info: PeerInfo | null, media: MediaState | null, remoteInstance: string | null): Peer {
    const pc = new RTCPeerConnection({ iceServers: this.options.iceServers as RTCIceServer[] });
    const audio = this.outgoingAudio();
    const audioSender = audio ? pc.addTrack(audio, this.sendStream) : pc.addTransceiver("audio", { direction: "sendrecv" }).sender;
    const videoSender = pc.addTrack(this.outgoingVideo(), this.sendStream);
    const peer: Peer = {
      id,
      remoteInstance,
      pc,
      // Deterministic and opposite on the two sides: the polite peer yields in a glare.
      polite: this.selfId > id,
      waitsForOffer: this.selfId > id,
      makingOffer: false,
      ignoreOffer: false,
      info,
      stream: null,
      media: media ?? { audio: true, video: true, screen: false },
      state: "connecting",
      everConnected: false,
      audioSender,
      videoSender,
      disconnectedTimer: null,
      connectWatchdog: null,
      localOffer: null,
      offersMade: 0,
      remoteOffer: null,
      ops: Promise.resolve(),
      failedSince: null,
      counters: null,
      quality: "unknown",
    };
    this.peers.set(id, peer);
    this.armConnectWatchdog(peer);

    pc.onnegotiationneeded = () => {
      if (peer.waitsForOffer && !pc.remoteDescription) return;
      void this.offer(peer);
    };
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) this.signaling.send(CANDIDATE, { candidate: candidate.toJSON(), ...this.addressing(peer) }, id);
      this.progressed(peer);
    };
    // A loaded page can take seconds to gather: that is progress too, not silence.
    pc.onicegatheringstatechange = () => this.progressed(peer);
    pc.ontrack = ({ track }) => {
      const others = peer.stream?.getTracks().filter((t) => t.kind !== track.kind) ?? [];
      peer.stream = new MediaStream([...others, track]);
      track.addEventListener("unmute", () => this.changed());
      this.changed();
    };
    pc.onconnectionstatechange = () => this.onConnectionState(peer);
    pc.oniceconnectionstatechange = () => this.onConnectionState(peer);
    this.changed();
    return peer;
  }

  private async offer(peer: Peer) {
    try {
      peer.makingOffer = true;
      await peer.pc.setLocalDescription();
      this.sendDescription(peer);
    } catch {
      // The next negotiationneeded (or the other side's offer) gets another go.
    } finally {
      peer.makingOffer = false;
    }
  }

  /** Sends our current local description: an offer gets a new number, an answer names the offer it answers. */
  private sendDescription(peer: Peer) {
    const description = peer.pc.localDescription?.toJSON();
    if (!description) return;
    const numbering: { offer?: number; answers?: number } = {};
    if (description.type === "offer") {
      peer.localOffer = ++peer.offersMade;
      numbering.offer = peer.localOffer;
    } else if (peer.remoteOffer !== null) numbering.answers = peer.remoteOffer;
    this.signaling.send(DESCRIPTION, { description, ...numbering, info: this.options.self, media: this.media, ...this.addressing(peer) }, peer.id);
    this.progressed(peer);
  }

  /** Something moved on a connection that is not up yet: the watchdog starts its wait again. */
  private progressed(peer: Peer) {
    if (peer.everConnected || this.peers.get(peer.id) !== peer) return;
    if (peer.connectWatchdog) clearTimeout(peer.connectWatchdog);
    this.armConnectWatchdog(peer);
  }

  /**
   * Until the connection is up, after every CONNECT_WATCHDOG_MS in which nothing moved
   * (see progressed): offer again with fresh ICE. An offer nobody answered (lost on the way,
   * or meant for a call that is gone) is rolled back first; restartIce alone waits for the
   * answer that never comes. An answer to the rolled-back offer that still arrives is
   * recognised by its offer number and dropped.
   */
  private armConnectWatchdog(peer: Peer) {
    peer.connectWatchdog = setTimeout(() => {
      peer.connectWatchdog = null;
      if (this.left || this.peers.get(peer.id) !== peer || peer.everConnected) return;
      const { pc } = peer;
      void this.inOrder(peer, async () => {
        if (pc.signalingState === "have-local-offer" && !peer.makingOffer) {
          await pc.setLocalDescription({ type: "rollback" });
          peer.localOffer = null;
        }
        if (pc.signalingState !== "stable") return;
        // The polite side that waited for the other's first offer in vain makes one itself
        // (its negotiationneeded came and was let pass, so it is offered here, not restarted).
        if (peer.waitsForOffer && !pc.remoteDescription) {
          peer.waitsForOffer = false;
          await this.offer(peer);
        } else pc.restartIce();
      });
      this.armConnectWatchdog(peer);
    }, this.options.connectWatchdogMs ?? CONNECT_WATCHDOG_MS);
  }

  private onConnectionState(peer: Peer) {
    if (this.peers.get(peer.id) !== peer) return;
    this.progressed(peer);
    const { connectionState, iceConnectionState } = peer.pc;
    if (connectionState === "connected" || iceConnectionState === "connected" || iceConnectionState === "completed") {
      peer.state = "connected";
      peer.everConnected = true;
      peer.failedSince = null;
      if (peer.disconnectedTimer) clearTimeout(peer.disconnectedTimer);
      peer.disconnectedTimer = null;
    } else if (connectionState === "failed" || iceConnectionState === "failed") {
      peer.state = peer.everConnected ? "reconnecting" : "failed";
      peer.failedSince ??= Date.now();
      if (Date.now() - peer.failedSince > GIVE_UP_MS) {
        this.closePeer(peer.id);
        return;
      }
      peer.pc.restartIce();
    } else if (connectionState === "disconnected" || iceConnectionState === "disconnected") {
      peer.state = "reconnecting";
      peer.disconnectedTimer ??= setTimeout(() => {
        peer.disconnectedTimer = null;
        if (peer.pc.iceConnectionState === "disconnected" || peer.pc.iceConnectionState === "failed") peer.pc.restartIce();
      }, DISCONNECTED_GRACE_MS);
    } else if (!peer.everConnected) {
      peer.state = "connecting";
    }
    this.changed();
  }

  private async onDescription(payload: unknown, from: string) {
    if (this.left || !isObject(payload) || !isObject(payload.description)) return;
    const description = payload.description as unknown as RTCSessionDescriptionInit;
    if (description.type !== "offer" && description.type !== "answer") return;
    if (!this.forMe(payload)) return;
    let peer = this.peers.get(from);
    if (peer && !this.fromPeerInstance(peer, payload)) {
      // An answer from another start of their call answers nothing of ours.
      if (description.type !== "offer") return;
      // An offer from a new start of their call: the old connection is dead.
      this.closePeer(from, false);
      peer = undefined;
    }
    if (!peer) {
      if (description.type !== "offer" || this.peers.size >= MAX_CALL_PARTICIPANTS - 1) return;
      const info = readInfo(payload.info);
      if (info) for (const old of [...this.peers.values()]) if (old.info?.userId === info.userId) this.closePeer(old.id);
      peer = this.createPeer(from, info, readMedia(payload.media), readInstance(payload.instance));
    }
    peer.info = readInfo(payload.info) ?? peer.info;
    peer.media = readMedia(payload.media) ?? peer.media;
    const target = peer;
    const { pc } = target;
    await this.inOrder(target, async () => {
      try {
        if (description.type === "answer") {
          // An answer to an offer of ours that is no longer the outstanding one (rolled back
          // by the watchdog, or replaced) answers nothing: applying it would pair it with the
          // newer offer. Senders that do not number their descriptions are taken as before.
          const answers = typeof payload.answers === "number" ? payload.answers : null;
          if (answers !== null && answers !== target.localOffer) return;
        }
        const collision = description.type === "offer" && (target.makingOffer || pc.signalingState !== "stable");
        target.ignoreOffer = !target.polite && collision;
        if (target.ignoreOffer) return;
        // A polite peer's pending offer is rolled back implicitly.
        await pc.setRemoteDescription(description);
        this.progressed(target);
        if (description.type === "answer") target.localOffer = null;
        else {
          target.localOffer = null;
          target.remoteOffer = typeof payload.offer === "number" ? payload.offer : null;
          await pc.setLocalDescription();
          this.sendDescription(target);
        }
      } catch {
        // A description that no longer applies (the peer moved on); its next one will.
      }
    });
    this.changed();
  }

  /** Runs `op` after everything already queued for this peer (see Peer.ops). */
  private inOrder(peer: Peer, op: () => Promise<void>): Promise<void> {
    peer.ops = peer.ops.then(op).catch(() => undefined);
    return peer.ops;
  }

  private async onCandidate(payload: unknown, from: string) {
    const peer = this.peers.get(from);
    if (!peer || !isObject(payload) || !isObject(payload.candidate)) return;
    if (!this.forMe(payload) || !this.fromPeerInstance(peer, payload)) return;
    const candidate = payload.candidate as RTCIceCandidateInit;
    await this.inOrder(peer, async () => {
      try {
        await peer.pc.addIceCandidate(candidate);
        this.progressed(peer);
      } catch {
        // Candidates for an offer we ignored in a glare fail here, as they should.
      }
    });
  }

  private onMedia(payload: unknown, from: string) {
    const peer = this.peers.get(from);
    const media = readMedia(payload);
    if (!peer || !media) return;
    peer.media = media;
    this.changed();
  }

  private onFull() {
    if (this.peers.size > 0) return;
    this.full = true;
    this.changed();
  }

  private closePeer(id: string, notify = true) {
    const peer = this.peers.get(id);
    if (!peer) return;
    this.peers.delete(id);
    if (peer.disconnectedTimer) clearTimeout(peer.disconnectedTimer);
    if (peer.connectWatchdog) clearTimeout(peer.connectWatchdog);
    peer.pc.onnegotiationneeded = peer.pc.onicecandidate = peer.pc.ontrack = peer.pc.onicegatheringstatechange = null;
    peer.pc.onconnectionstatechange = peer.pc.oniceconnectionstatechange = null;
    peer.pc.close();
    if (notify) this.changed();
  }

  /** After a network change: new ICE candidates for every connection. */
  restartIce(): void {
    for (const peer of this.peers.values()) peer.pc.restartIce();
  }

  // ── statistics ──

  private async collectStats() {
    const now = Date.now();
    const fresh: ConnectionSample[] = [];
    for (const peer of [...this.peers.values()]) {
      try {
        const report = await peer.pc.getStats();
        const { sample, counters } = summarizeStats(report.values(), { peerId: peer.id, now, previous: peer.counters });
        peer.counters = counters;
        peer.quality = sample.quality;
        fresh.push(sample);
      } catch {
        // Closed while measuring.
      }
    }
    if (fresh.length === 0) return;
    this.samples = appendSamples(this.samples, fresh);
    this.options.onStats?.({ provider: "P2P", samples: this.samples });
    this.changed();
  }
}

const QUALITY_ORDER: ConnectionQuality[] = ["excellent", "good", "poor", "unknown"];
function worse(a: ConnectionQuality, b: ConnectionQuality): ConnectionQuality {
  if (a === "unknown") return b;
  if (b === "unknown") return a;
  return QUALITY_ORDER.indexOf(a) > QUALITY_ORDER.indexOf(b) ? a : b;
}
