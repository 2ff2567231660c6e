// One realtime connection (a pusher-js instance) shared by everything in a browser tab,
// without React: the hooks in ./hooks.tsx are thin wrappers over this, and integration
// tests drive it with the real pusher-js against soketi.
//
// Channels are reference counted: many components may follow one channel; it is
// unsubscribed (on the next tick, so a remount does not churn) when the last lets go.

import type Pusher from "pusher-js";
import type { Channel, PresenceChannel } from "pusher-js";
import { isPresenceChannel, parseChannel, type ChannelName } from "../channels";
import { toPresenceMember, type PresenceMember } from "../presence";
import { deriveConnectionState, type ConnectionState } from "./connection-state";

/** The browser's online/offline notion; absent in Node. */
export interface NetworkStatus {
  isOnline(): boolean;
  subscribe(listener: () => void): () => void;
}

export interface PresenceSnapshot {
  members: readonly PresenceMember[];
  me: PresenceMember | null;
}

export const EMPTY_PRESENCE: PresenceSnapshot = Object.freeze({ members: Object.freeze([]), me: null });

export type SubscriptionStatus = "pending" | "subscribed" | "denied";

export interface ChannelLease {
  readonly name: ChannelName;
  readonly channel: Channel;
  status(): SubscriptionStatus;
  /** After every successful subscription: the first, and each one after a reconnect (`resubscribed`). */
  onSubscribed(listener: (info: { resubscribed: boolean }) => void): () => void;
  /** The server refused the subscription (HTTP status of the authorization answer, usually 403). */
  onDenied(listener: (status: number | null) => void): () => void;
  /** Presence channels only: who is here, replaced (never mutated) on every change. */
  presence(): PresenceSnapshot;
  onPresenceChange(listener: () => void): () => void;
  /** Lets go of the channel; the lease must not be used afterwards. */
  release(): void;
}

type Listener<T> = (value: T) => void;

class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  add(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  clear(): void {
    this.listeners.clear();
  }
}

class Subscription {
  refs = 0;
  successes = 0;
  state: SubscriptionStatus = "pending";
  presence: PresenceSnapshot = EMPTY_PRESENCE;
  unsubscribeTimer: ReturnType<typeof setTimeout> | undefined;
  readonly subscribed = new Emitter<{ resubscribed: boolean }>();
  readonly denied = new Emitter<number | null>();
  readonly presenceChanged = new Emitter<void>();
  private readonly unbinders: (() => void)[] = [];

  constructor(
    readonly name: ChannelName,
    readonly channel: Channel,
    readonly isPresence: boolean,
  ) {
    this.on("pusher:subscription_succeeded", () => {
      this.state = "subscribed";
      this.successes += 1;
      this.refreshPresence();
      this.subscribed.emit({ resubscribed: this.successes > 1 });
    });
    this.on("pusher:subscription_error", (error: unknown) => {
      this.state = "denied";
      const status = (error as { status?: unknown } | null)?.status;
      this.denied.emit(typeof status === "number" ? status : null);
    });
    if (isPresence) {
      this.on("pusher:member_added", () => this.refreshPresence());
      this.on("pusher:member_removed", () => this.refreshPresence());
    }
  }

  /** The connection dropped: pusher-js forgets subscriptions and members until it resubscribes. */
  connectionLost(): void {
    if (this.state === "subscribed") this.state = "pending";
    this.refreshPresence();
  }

  refreshPresence(): void {
    if (!this.isPresence) return;
    const members: PresenceMember[] = [];
    const raw = (this.channel as PresenceChannel).members;
    if (this.channel.subscribed) {
      raw.each((member: { id: unknown; info: unknown }) => {
        const parsed = toPresenceMember(member.id, member.info);
        if (parsed) members.push(parsed);
      });
    }
    const me = members.find((m) => m.id === raw.myID) ?? null;
    const previous = this.presence;
    if (previous.me === me && sameMembers(previous.members, members)) return;
    this.presence = members.length === 0 && !me ? EMPTY_PRESENCE : { members, me };
    this.presenceChanged.emit();
  }

  dispose(): void {
    for (const unbind of this.unbinders) unbind();
    this.subscribed.clear();
    this.denied.clear();
    this.presenceChanged.clear();
  }

  private on(event: string, callback: (data: unknown) => void): void {
    this.channel.bind(event, callback);
    this.unbinders.push(() => this.channel.unbind(event, callback));
  }
}

function sameMembers(a: readonly PresenceMember[], b: readonly PresenceMember[]): boolean {
  return a.length === b.length && a.every((m, i) => m.id === b[i]?.id && m.name === b[i]?.name && m.role === b[i]?.role);
}

export class RealtimeClient {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly stateChanged = new Emitter<void>();
  private readonly stopNetwork: () => void;
  private everConnected = false;
  private current: ConnectionState;
  private closed = false;

  constructor(
    readonly pusher: Pusher,
    private readonly network?: NetworkStatus,
  ) {
    this.everConnected = pusher.connection.state === "connected";
    this.current = this.compute();
    pusher.connection.bind("state_change", this.onPusherState);
    this.stopNetwork = network?.subscribe(() => this.update()) ?? (() => {});
  }

  /** The state to show; stable between changes (for useSyncExternalStore). */
  getState = (): ConnectionState => this.current;

  /** Calls `listener` whenever getState() changes. */
  subscribeState = (listener: () => void): (() => void) => this.stateChanged.add(listener);

  /** Pusher's socket id while connected (what channel authorization signs). */
  get socketId(): string | null {
    return this.pusher.connection.socket_id ?? null;
  }

  /** Follows a channel; every lease must be released. Throws for a name that is not a Bedside channel. */
  acquire(name: ChannelName): ChannelLease {
    const parsed = parseChannel(name);
    if (!parsed) throw new TypeError(`Not a Bedside channel: ${String(name)}`);
    if (this.closed) throw new Error("The realtime connection is closed");
    let sub = this.subscriptions.get(name);
    if (!sub) {
      sub = new Subscription(name, this.pusher.subscribe(name), isPresenceChannel(parsed));
      this.subscriptions.set(name, sub);
    }
    clearTimeout(sub.unsubscribeTimer);
    sub.unsubscribeTimer = undefined;
    sub.refs += 1;
    return this.lease(sub);
  }

  /** Tries to connect now instead of waiting for pusher-js's back-off (the tab became visible, the network came back). */
  retryNow(): void {
    if (this.closed) return;
    const state = this.pusher.connection.state;
    if (state === "unavailable" || state === "failed" || state === "disconnected") this.pusher.connect();
  }

  /** Closes the connection for good (the tab no longer shows anything live). */
  disconnect(): void {
    if (this.closed) return;
    this.closed = true;
    for (const sub of this.subscriptions.values()) {
      clearTimeout(sub.unsubscribeTimer);
      sub.dispose();
    }
    this.subscriptions.clear();
    this.pusher.connection.unbind("state_change", this.onPusherState);
    this.stopNetwork();
    this.pusher.disconnect();
    this.update();
    this.stateChanged.clear();
  }

  private lease(sub: Subscription): ChannelLease {
    let released = false;
    const own: (() => void)[] = [];
    const track = (stop: () => void) => {
      own.push(stop);
      return stop;
    };
    return {
      name: sub.name,
      channel: sub.channel,
      status: () => sub.state,
      onSubscribed: (listener) => track(sub.subscribed.add(listener)),
      onDenied: (listener) => track(sub.denied.add(listener)),
      presence: () => sub.presence,
      onPresenceChange: (listener) => track(sub.presenceChanged.add(() => listener())),
      release: () => {
        if (released) return;
        released = true;
        for (const stop of own) stop();
        this.release(sub);
      },
    };
  }

  private release(sub: Subscription): void {
    sub.refs -= 1;
    if (sub.refs > 0 || this.closed) return;
    sub.unsubscribeTimer = setTimeout(() => {
      if (sub.refs > 0 || this.subscriptions.get(sub.name) !== sub) return;
      this.subscriptions.delete(sub.name);
      sub.dispose();
      this.pusher.unsubscribe(sub.name);
    }, 0);
  }

  private readonly onPusherState = ({ current }: { previous: string; current: string }) => {
    if (current === "connected") this.everConnected = true;
    else for (const sub of this.subscriptions.values()) sub.connectionLost();
    this.update();
  };

  private compute(): ConnectionState {
    if (this.closed) return "offline";
    return deriveConnectionState({
      pusher: this.pusher.connection.state,
      everConnected: this.everConnected,
      online: this.network?.isOnline() ?? true,
    });
  }

  private update(): void {
    const next = this.compute();
    if (next === this.current) return;
    this.current = next;
    this.stateChanged.emit();
  }
}
