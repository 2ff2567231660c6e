// Realtime channel names, shared by the server (publishing, authorizing) and the browser
// (subscribing). The Pusher auth signature is an HMAC over `socket_id:channel[:data]`, so a
// channel name smuggling a separator could make one signature cover a different channel:
// parseChannel accepts exactly the five shapes below and nothing else.

/** Record ids are cuids: lower-case letters and digits. */
export const ID_PATTERN = /^[a-z0-9]{20,32}$/;

const PREFIX = {
  session: "private-session-",
  presence: "presence-session-",
  patient: "private-patient-",
  clinician: "private-clinician-",
  // WebRTC signalling between the participants of one session: the only channel on which
  // clients may send events to each other. A presence channel, so that the realtime server
  // stamps every client event with the sender's user id (`user_id`), which no sender can
  // forge: receivers drop messages whose claimed sender is not that user's.
  signal: "presence-signal-",
} as const;

export type ChannelKind = keyof typeof PREFIX;
export type ChannelName<K extends ChannelKind = ChannelKind> = `${(typeof PREFIX)[K]}${string}`;
export interface ParsedChannel<K extends ChannelKind = ChannelKind> {
  kind: K;
  id: string;
}

export const CHANNEL_KINDS = Object.keys(PREFIX) as ChannelKind[];

export function isValidId(id: unknown): id is string {
  return typeof id === "string" && ID_PATTERN.test(id);
}

/** Builds a channel name; an invalid id is a programming error and throws. */
export function channelName<K extends ChannelKind>(kind: K, id: string): ChannelName<K> {
  if (!isValidId(id)) throw new TypeError(`Invalid ${kind} channel id`);
  return `${PREFIX[kind]}${id}`;
}

export const sessionChannel = (sessionId: string) => channelName("session", sessionId);
export const sessionPresenceChannel = (sessionId: string) => channelName("presence", sessionId);
export const patientChannel = (patientId: string) => channelName("patient", patientId);
export const clinicianChannel = (clinicianId: string) => channelName("clinician", clinicianId);
export const signalChannel = (sessionId: string) => channelName("signal", sessionId);

/** `{ kind, id }` for a well-formed Bedside channel name, null for anything else. */
export function parseChannel(name: unknown): ParsedChannel | null {
  if (typeof name !== "string") return null;
  // No prefix is a prefix of another, so at most one can match; the rest must be an id.
  const kind = CHANNEL_KINDS.find((k) => name.startsWith(PREFIX[k]));
  if (!kind) return null;
  const id = name.slice(PREFIX[kind].length);
  return isValidId(id) ? { kind, id } : null;
}

/** Channels whose subscribers are announced as members (and whose client events carry `user_id`). */
export function isPresenceChannel(channel: ParsedChannel): boolean {
  return channel.kind === "presence" || channel.kind === "signal";
}

/** Client events (`client-*`) are honoured only on the signalling channel. */
export function allowsClientEvents(channel: ParsedChannel): boolean {
  return channel.kind === "signal";
}

/** Pusher socket ids look like `123.456`. */
export function isValidSocketId(socketId: unknown): socketId is string {
  return typeof socketId === "string" && /^\d+\.\d+$/.test(socketId);
}
