import { describe, expect, expectTypeOf, it } from "vitest";
import { CHANNEL_KINDS, patientChannel, sessionChannel } from "./channels";
import { bindEvent, CHAT_BODY_MAX, createEvent, EVENT_CHANNELS, EVENT_NAMES, EVENTS, type BindableChannel, type EventPayload } from "./events";

const sessionId = "ckz1q2w3e4r5t6y7u8i9o0pa";
const patientId = "clz9x8c7v6b5n4m3a2s1d0fg";
const userId = "cm0a1b2c3d4e5f6g7h8i9j0k";
const at = "2026-11-21T09:00:00.000Z";

const observation: EventPayload<"vitals.observation"> = {
  patientId,
  seq: 7,
  observedAt: at,
  heartRate: 112,
  systolicBp: 95,
  diastolicBp: 60,
  respiratoryRate: 24,
  spo2: 93,
  supplementalOxygen: false,
  temperature: 38.4,
  consciousness: "ALERT",
  news2Total: 7,
  news2Risk: "HIGH",
  news2Complete: true,
  source: "DEVICE",
};

describe("createEvent", () => {
  it("addresses the event to the channel its catalogue entry names", () => {
    const event = createEvent("session.status", sessionId, { sessionId, status: "IN_PROGRESS", seq: 3 });
    expect(event).toEqual({
      name: "session.status",
      channel: sessionChannel(sessionId),
      data: { sessionId, status: "IN_PROGRESS", seq: 3 },
    });
    expect(createEvent("vitals.observation", patientId, observation).channel).toBe(patientChannel(patientId));
    expect(createEvent("waiting.arrived", userId, { consultationId: sessionId, sessionId, patientId, displayName: "A", at }).channel).toBe(
      `private-clinician-${userId}`,
    );
  });

  it("drops fields the schema does not list, so passing a whole record cannot leak it", () => {
    const record = { ...observation, mrn: "MRN-123", notes: "history of falls" };
    const event = createEvent("vitals.observation", patientId, record);
    expect(event.data).toEqual(observation);
    expect(JSON.stringify(event)).not.toContain("falls");
  });

  it.each([
    ["an unknown status", () => createEvent("session.status", sessionId, { sessionId, status: "PAUSED" as "COMPLETED", seq: 1 })],
    ["a negative seq", () => createEvent("session.status", sessionId, { sessionId, status: "COMPLETED", seq: -1 })],
    ["a time that is not ISO 8601", () => createEvent("vitals.observation", patientId, { ...observation, observedAt: "21/11/2026" })],
    ["a fractional heart rate", () => createEvent("vitals.observation", patientId, { ...observation, heartRate: 80.5 })],
    ["a missing field", () => createEvent("vitals.requested", patientId, { patientId, sessionId } as EventPayload<"vitals.requested">)],
    ["an id that is not a cuid", () => createEvent("consultation.updated", patientId, { consultationId: "1; DROP", status: "WAITING" })],
    [
      "a chat message over the length limit",
      () =>
        createEvent("chat.message", sessionId, {
          id: userId,
          sessionId,
          senderId: userId,
          senderName: "Dr Okafor",
          body: "x".repeat(CHAT_BODY_MAX + 1),
          createdAt: at,
        }),
    ],
    [
      "an alert condition outside the known set",
      () =>
        createEvent("vitals.alert.raised", patientId, {
          alertId: userId,
          patientId,
          condition: "OTHER",
          news2Total: 5,
          at,
        }),
    ],
  ])("refuses %s", (_, build) => {
    expect(build).toThrow();
  });

  it("refuses a payload about another record than the channel's (patient A's vitals on patient B's channel)", () => {
    expect(() => createEvent("vitals.observation", userId, observation)).toThrow(/patientId does not match/);
    expect(() =>
      createEvent("chat.message", patientId, {
        id: userId,
        sessionId,
        senderId: userId,
        senderName: "A",
        body: "hi",
        createdAt: at,
      }),
    ).toThrow(/sessionId does not match/);
  });

  it("puts every event on a known channel kind and keeps client events out of the catalogue", () => {
    for (const name of EVENT_NAMES) {
      expect(CHANNEL_KINDS).toContain(EVENTS[name].channel);
      expect(name.startsWith("client-") || name.startsWith("pusher:")).toBe(false);
    }
  });
});

function fakeChannel(name: string) {
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  const channel: BindableChannel & { emit(event: string, data: unknown): void } = {
    name,
    bind: (event, callback) => listeners.set(event, (listeners.get(event) ?? new Set()).add(callback)),
    unbind: (event, callback) => listeners.get(event)?.delete(callback),
    emit: (event, data) => listeners.get(event)?.forEach((callback) => callback(data)),
  };
  return channel;
}

describe("bindEvent", () => {
  it("hands valid payloads to a typed handler, ignores forged ones and stops after unbinding", () => {
    const channel = fakeChannel(patientChannel(patientId));
    const received: EventPayload<"vitals.observation">[] = [];
    const unbind = bindEvent(channel, "vitals.observation", (payload) => {
      expectTypeOf(payload.heartRate).toEqualTypeOf<number | null>();
      received.push(payload);
    });

    channel.emit("vitals.observation", observation);
    channel.emit("vitals.observation", { ...observation, news2Risk: "NONE" });
    channel.emit("vitals.observation", "not an object");
    unbind();
    channel.emit("vitals.observation", observation);

    expect(received).toEqual([observation]);
  });

  it("refuses to listen for an event on a channel kind it is never published on", () => {
    expect(() => bindEvent(fakeChannel(sessionChannel(sessionId)), "vitals.observation", () => {})).toThrow(TypeError);
    expect(() => bindEvent(fakeChannel(`private-session-${sessionId}:x`), "session.status", () => {})).toThrow(TypeError);
  });
});

describe("EVENT_CHANNELS (what the browser knows before the catalogue loads)", () => {
  it("names every event of the catalogue with the channel kind it is published on, and nothing else", () => {
    expect(Object.fromEntries(EVENT_NAMES.map((name) => [name, EVENTS[name].channel]))).toEqual(EVENT_CHANNELS);
  });
});
