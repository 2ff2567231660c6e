// The media connection made while waiting to be admitted (LiveKit: hidden, no rights; see
// server/sessions/issue-waiting-connection.ts), held here so the session room can hand it to
// the call on admission without importing the LiveKit client (loaded only for LiveKit calls).
// One per tab: the call code registers it, the session room arms, takes or drops it.

export interface WaitingConnection {
  sessionId: string;
  /**
   * Connected, or still connecting (not ended): admission can try to grant rights on it. If
   * the server does not know it yet the grant fails and the page connects as usual.
   */
  connected(): boolean;
  /**
   * This tab is asking to be admitted on it: once the server grants the call's rights, the
   * prepared camera and microphone are published at once. A grant that arrives unasked (the
   * person's other tab was admitted) ends this connection instead.
   */
  arm(): void;
  /** The provider's room object, for the call to run on (the call owns it from then). */
  take(): unknown;
  /** Disconnect and release the prepared devices. */
  drop(): void;
}

let current: WaitingConnection | null = null;

export function holdWaitingConnection(connection: WaitingConnection) {
  if (current && current !== connection) current.drop();
  current = connection;
}

/** Arms this session's waiting connection if it is connected; true when the join can be admitted on it. */
export function armWaitingConnection(sessionId: string): boolean {
  if (!current || current.sessionId !== sessionId || !current.connected()) return false;
  current.arm();
  return true;
}

/** The admitted connection's room for the call, or null (none, another session, or it dropped meanwhile). */
export function takeWaitingConnection(sessionId: string): unknown {
  if (!current || current.sessionId !== sessionId) return null;
  const c = current;
  current = null;
  return c.connected() ? c.take() : (c.drop(), null);
}

/** Ends any waiting connection (admission went the usual way, or the person left). */
export function dropWaitingConnection() {
  const c = current;
  current = null;
  c?.drop();
}

/** Called by the connection itself once it has ended. */
export function forgetWaitingConnection(connection: WaitingConnection) {
  if (current === connection) current = null;
}
