// The browser's bindEvent: events that arrive before the catalogue's validators are loaded
// wait and are then delivered in order, validated; later ones are delivered at once.
import { describe, expect, it, vi } from "vitest";
import { patientChannel, sessionChannel } from "../channels";
import type { BindableChannel, EventPayload } from "../events";
import { observationEventPayload } from "@/tests/helpers/observation-event";

const patientId = "clz9x8c7v6b5n4m3a2s1d0fg";

function fakeChannel(name: string) {
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  return {
    name,
    bind: (event: string, callback: (data: unknown) => void) => void (listeners.get(event) ?? listeners.set(event, new Set()).get(event)!).add(callback),
    unbind: (event: string, callback: (data: unknown) => void) => void listeners.get(event)?.delete(callback),
    emit: (event: string, data: unknown) => listeners.get(event)?.forEach((callback) => callback(data)),
  } satisfies BindableChannel & { emit: (event: string, data: unknown) => void };
}

// A fresh copy of the module each time: "not loaded yet" is module state.
async function freshBindEvent() {
  vi.resetModules();
  return import("./bind-event");
}

describe("bindEvent (browser, validators loaded on the first event)", () => {
  it("holds events that arrive before the validators load, then delivers the valid ones in arrival order; later ones at once", async () => {
    const { bindEvent, loadEventValidation } = await freshBindEvent();
    const channel = fakeChannel(patientChannel(patientId));
    const received: number[] = [];
    bindEvent(channel, "vitals.observation", (p: EventPayload<"vitals.observation">) => received.push(p.seq));

    channel.emit("vitals.observation", observationEventPayload(patientId, 1));
    channel.emit("vitals.observation", { ...observationEventPayload(patientId, 2), news2Risk: "NONE" });
    channel.emit("vitals.observation", observationEventPayload(patientId, 3));
    expect(received).toEqual([]);

    await loadEventValidation();
    await vi.waitFor(() => expect(received).toEqual([1, 3]));

    channel.emit("vitals.observation", observationEventPayload(patientId, 4));
    expect(received).toEqual([1, 3, 4]);
  });

  it("drops the events still waiting when the listener stops", async () => {
    const { bindEvent, loadEventValidation } = await freshBindEvent();
    const channel = fakeChannel(patientChannel(patientId));
    const received: number[] = [];
    const stop = bindEvent(channel, "vitals.observation", (p: EventPayload<"vitals.observation">) => received.push(p.seq));
    channel.emit("vitals.observation", observationEventPayload(patientId, 1));
    stop();
    await loadEventValidation();
    await new Promise((resolve) => setTimeout(resolve, 10));
    channel.emit("vitals.observation", observationEventPayload(patientId, 2));
    expect(received).toEqual([]);
  });

  it("refuses at once to listen for an event on a channel kind it is never published on", async () => {
    const { bindEvent } = await freshBindEvent();
    expect(() => bindEvent(fakeChannel(sessionChannel(patientId)), "vitals.observation", () => {})).toThrow(TypeError);
  });
});
