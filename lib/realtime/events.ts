// The realtime event catalogue: for every event the server may publish, the kind of
// channel it travels on and the schema of its payload. The server builds events with
// createEvent (validated, unknown fields stripped); the browser listens with bindEvent
// (validated again, payload typed from the same schema).
//
// Delivery is at least once and not ordered across retries: events whose order matters
// carry a `seq`, and listeners keep the highest they have seen.

// zod/mini, imported as a namespace so the bundler keeps only the checks used here. The
// browser loads this module (and zod) only when its first event arrives
// (lib/realtime/client/bind-event.ts); what it needs before that is in ./event-kinds.ts.
import * as z from "zod/mini";
import { channelName, ID_PATTERN, parseChannel, type ChannelKind, type ChannelName } from "./channels";

import {
  CONSCIOUSNESS_LEVELS,
  CONSULTATION_STATUSES,
  CHAT_BODY_MAX,
  NEWS2_RISKS,
  PARTICIPANT_ROLES,
  SESSION_STATUSES,
  VITAL_SOURCES,
  WAITING_STATES,
} from "./event-kinds";

export {
  CHAT_BODY_MAX,
  CONSCIOUSNESS_LEVELS,
  CONSULTATION_STATUSES,
  EVENT_CHANNELS,
  NEWS2_RISKS,
  PARTICIPANT_ROLES,
  SESSION_STATUSES,
  VITAL_SOURCES,
} from "./event-kinds";

const id = z.string().check(z.regex(ID_PATTERN));
const instant = z.iso.datetime();
const displayName = z.string().check(z.minLength(1), z.maxLength(200));
const seq = z.int().check(z.nonnegative());
const reading = z.nullable(z.int().check(z.nonnegative()));

interface EventDefinition<K extends ChannelKind, S extends z.ZodMiniObject> {
  channel: K;
  schema: S;
  /** Payload field that must equal the channel's id, so an event cannot land on another record's channel. */
  channelKey?: keyof z.infer<S> & string;
}

function defineEvent<K extends ChannelKind, S extends z.ZodMiniObject>(definition: EventDefinition<K, S>) {
  return definition;
}

const alert = z.object({
  alertId: id,
  patientId: id,
  // NEWS2_AGGREGATE | NEWS2_SINGLE_PARAMETER | THRESHOLD:<parameter>
  condition: z.string().check(z.regex(/^(NEWS2_AGGREGATE|NEWS2_SINGLE_PARAMETER|THRESHOLD:[A-Za-z0-9]+)$/)),
  news2Total: z.nullable(z.int().check(z.nonnegative())),
  at: instant,
});

const participant = z.object({
  sessionId: id,
  userId: id,
  role: z.enum(PARTICIPANT_ROLES),
  displayName,
  at: instant,
});

export const EVENTS = {
  "session.status": defineEvent({
    channel: "session",
    channelKey: "sessionId",
    schema: z.object({ sessionId: id, status: z.enum(SESSION_STATUSES), seq }),
  }),
  // A recording started or stopped: everyone in the session sees the indicator (video workstream).
  "session.recording": defineEvent({
    channel: "session",
    channelKey: "sessionId",
    schema: z.object({ sessionId: id, recordingId: id, active: z.boolean(), at: instant }),
  }),
  "participant.joined": defineEvent({ channel: "session", channelKey: "sessionId", schema: participant }),
  "participant.left": defineEvent({ channel: "session", channelKey: "sessionId", schema: participant }),
  // A guest is waiting to be let into the running call; the clinician admits them from it.
  "participant.waiting": defineEvent({ channel: "session", channelKey: "sessionId", schema: participant }),
  "participant.admitted": defineEvent({ channel: "session", channelKey: "sessionId", schema: participant }),
  // One live connection per participant: this join (stintId) took over from the person's
  // other device, which stops and says why.
  "participant.takeover": defineEvent({
    channel: "session",
    channelKey: "sessionId",
    schema: z.object({ sessionId: id, userId: id, stintId: z.uuid(), at: instant }),
  }),
  "chat.message": defineEvent({
    channel: "session",
    channelKey: "sessionId",
    schema: z.object({
      id,
      sessionId: id,
      senderId: id,
      senderName: displayName,
      body: z.string().check(z.minLength(1), z.maxLength(CHAT_BODY_MAX)),
      createdAt: instant,
    }),
  }),
  "waiting.arrived": defineEvent({
    channel: "clinician",
    schema: z.object({ consultationId: id, sessionId: id, patientId: id, displayName, at: instant }),
  }),
  // What the waiting room shows changed (the clinician sent "running late", started or
  // finished another visit). With `status` (the estimate as of `at`, what waitingRoom.status
  // would answer, without the name) the waiting screen shows it at once; without, it fetches.
  "waiting.updated": defineEvent({
    channel: "session",
    channelKey: "sessionId",
    schema: z.object({
      sessionId: id,
      at: instant,
      status: z.optional(
        z.object({
          state: z.enum(WAITING_STATES),
          expectedAt: z.nullable(instant),
          minutes: z.nullable(z.number()),
          late: z.nullable(z.object({ sentAt: instant, minutes: z.number(), until: instant })),
        }),
      ),
    }),
  }),
  // A waiting patient or guest wrote to the clinic (the text itself is fetched, audited).
  "waiting.message": defineEvent({
    channel: "clinician",
    schema: z.object({ sessionId: id, noticeId: id, displayName, at: instant }),
  }),
  "vitals.observation": defineEvent({
    channel: "patient",
    channelKey: "patientId",
    schema: z.object({
      patientId: id,
      seq,
      observedAt: instant,
      heartRate: reading,
      systolicBp: reading,
      diastolicBp: reading,
      respiratoryRate: reading,
      spo2: reading,
      supplementalOxygen: z.nullable(z.boolean()),
      temperature: z.nullable(z.number()),
      consciousness: z.nullable(z.enum(CONSCIOUSNESS_LEVELS)),
      news2Total: z.int().check(z.nonnegative()),
      news2Risk: z.enum(NEWS2_RISKS),
      news2Complete: z.boolean(),
      source: z.enum(VITAL_SOURCES),
    }),
  }),
  "vitals.alert.raised": defineEvent({ channel: "patient", channelKey: "patientId", schema: alert }),
  "vitals.alert.acknowledged": defineEvent({
    channel: "patient",
    channelKey: "patientId",
    schema: z.extend(alert, { by: id }),
  }),
  // A clinician asked the patient to take and enter a set of readings (in a call: sessionId).
  "vitals.requested": defineEvent({
    channel: "patient",
    channelKey: "patientId",
    schema: z.object({ patientId: id, requestId: id, sessionId: z.nullable(id), requestedBy: id }),
  }),
  // The request was answered with a reading (its seq) or withdrawn: prompts close everywhere.
  "vitals.request.closed": defineEvent({
    channel: "patient",
    channelKey: "patientId",
    schema: z.object({
      patientId: id,
      requestId: id,
      outcome: z.enum(["FULFILLED", "CANCELLED"]),
      observationSeq: z.nullable(seq),
    }),
  }),
  // A clinician's alert inbox: an alert on a patient in their care was raised or acknowledged
  // (toast, badge and list, on whatever page they are). A raised alert names the patient, so
  // the toast and badge render from the event itself, without a round trip first.
  "vitals.alert.updated": defineEvent({
    channel: "clinician",
    schema: z.extend(alert, { status: z.enum(["OPEN", "ACKNOWLEDGED"]), patientName: z.optional(displayName) }),
  }),
  "consultation.updated": defineEvent({
    channel: "patient",
    schema: z.object({ consultationId: id, status: z.enum(CONSULTATION_STATUSES) }),
  }),
};

export type EventName = keyof typeof EVENTS;
export type EventPayload<N extends EventName> = z.infer<(typeof EVENTS)[N]["schema"]>;
export type EventChannelKind<N extends EventName> = (typeof EVENTS)[N]["channel"];

/** A validated event, ready for a RealtimePublisher. */
export interface RealtimeEvent<N extends EventName = EventName> {
  name: N;
  channel: ChannelName;
  data: EventPayload<N>;
}

export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export function isEventName(name: unknown): name is EventName {
  return typeof name === "string" && Object.hasOwn(EVENTS, name);
}

/**
 * Builds an event for the channel of `channelId`. Throws (a programming error) when the
 * payload does not match its schema or names a different record than the channel;
 * fields the schema does not list are dropped, so passing a whole record cannot leak it.
 */
export function createEvent<N extends EventName>(name: N, channelId: string, payload: EventPayload<N>): RealtimeEvent<N> {
  const definition: EventDefinition<ChannelKind, z.ZodMiniObject> = EVENTS[name];
  const data = definition.schema.parse(payload) as EventPayload<N>;
  const key = definition.channelKey;
  if (key && (data as Record<string, unknown>)[key] !== channelId) {
    throw new TypeError(`${name}: ${key} does not match the channel id`);
  }
  return { name, channel: channelName(EVENTS[name].channel, channelId), data };
}

/** The payload if `data` is a valid `name` event, else null. */
export function parseEventPayload<N extends EventName>(name: N, data: unknown): EventPayload<N> | null {
  const result = EVENTS[name].schema.safeParse(data);
  return result.success ? (result.data as EventPayload<N>) : null;
}

/** The part of a pusher-js Channel that bindEvent needs. */
export interface BindableChannel {
  readonly name: string;
  bind(event: string, callback: (data: unknown) => void): unknown;
  unbind(event: string, callback: (data: unknown) => void): unknown;
}

/**
 * Listens for one catalogue event with a typed handler; payloads that fail the schema are
 * ignored (they did not come from this server). Returns the function that stops listening.
 */
export function bindEvent<N extends EventName>(channel: BindableChannel, name: N, handler: (payload: EventPayload<N>) => void): () => void {
  if (parseChannel(channel.name)?.kind !== EVENTS[name].channel) {
    throw new TypeError(`${name} is not published on ${channel.name}`);
  }
  const listener = (data: unknown) => {
    const payload = parseEventPayload(name, data);
    if (payload) handler(payload);
  };
  channel.bind(name, listener);
  return () => channel.unbind(name, listener);
}
