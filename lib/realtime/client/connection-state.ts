// The connection state people see, from pusher-js's own states plus the browser's idea of
// being online (pusher-js notices a silently dead socket only after its ping times out).

export type ConnectionState = "connected" | "connecting" | "reconnecting" | "offline";

/** pusher-js's `connection.state` values. */
export type PusherConnectionState = "initialized" | "connecting" | "connected" | "unavailable" | "failed" | "disconnected";

export interface ConnectionFacts {
  pusher: string;
  /** Whether this connection has ever been established (so a new attempt is a reconnect). */
  everConnected: boolean;
  /** navigator.onLine, or true where there is no such notion. */
  online: boolean;
}

export function deriveConnectionState({ pusher, everConnected, online }: ConnectionFacts): ConnectionState {
  if (!online) return "offline";
  switch (pusher) {
    case "connected":
      return "connected";
    case "initialized":
    case "connecting":
      return everConnected ? "reconnecting" : "connecting";
    // unavailable: could not connect for a while, pusher-js keeps trying; failed: no
    // WebSocket at all; disconnected: closed on purpose. None of them delivers anything.
    default:
      return "offline";
  }
}

export const CONNECTION_LABEL: Record<ConnectionState, string> = {
  connected: "Live",
  connecting: "Connecting…",
  reconnecting: "Reconnecting…",
  offline: "Offline",
};

/** Longer wording for tooltips and screen readers. */
export const CONNECTION_DESCRIPTION: Record<ConnectionState, string> = {
  connected: "Live updates are on.",
  connecting: "Connecting to live updates.",
  reconnecting: "Connection lost. Reconnecting; what you see may be out of date.",
  offline: "Offline. Live updates are paused and will resume when the connection is back; what you see may be out of date.",
};
