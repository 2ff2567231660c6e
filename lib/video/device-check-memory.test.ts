import { describe, expect, it } from "vitest";
import { deviceCheckedToday } from "./device-check-day";
import { deviceCheckDoneToday, rememberDeviceCheck } from "./device-check-memory";
import { DEFAULT_DEVICES } from "./connection";

function memoryStore() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

describe("the clinician's device check, remembered for the day", () => {
  const devices = { ...DEFAULT_DEVICES, videoInputId: "cam-1", audioInputId: "mic-1" };

  it("counts for the same person later the same day", () => {
    const store = memoryStore();
    rememberDeviceCheck("doc1", devices, { now: new Date(2026, 11, 4, 8, 0), store });
    expect(deviceCheckDoneToday("doc1", { now: new Date(2026, 11, 4, 17, 30), store })).toMatchObject({
      videoInputId: "cam-1",
      audioInputId: "mic-1",
    });
  });

  it("not the next day, and not for another person on the same browser", () => {
    const store = memoryStore();
    rememberDeviceCheck("doc1", devices, { now: new Date(2026, 11, 4, 23, 59), store });
    expect(deviceCheckDoneToday("doc1", { now: new Date(2026, 11, 5, 0, 1), store })).toBeNull();
    expect(deviceCheckDoneToday("doc2", { now: new Date(2026, 11, 4, 23, 59), store })).toBeNull();
  });

  it("Admit's question (checked today, devices not read back) answers as the room's does", () => {
    const store = memoryStore();
    rememberDeviceCheck("doc1", devices, { now: new Date(2026, 11, 4, 8, 0), store });
    expect(deviceCheckedToday("doc1", { now: new Date(2026, 11, 4, 17, 30), store })).toBe(true);
    expect(deviceCheckedToday("doc1", { now: new Date(2026, 11, 5, 0, 1), store })).toBe(false);
    expect(deviceCheckedToday("doc2", { now: new Date(2026, 11, 4, 17, 30), store })).toBe(false);
    store.setItem("bedside:device-check-day", "{not json");
    expect(deviceCheckedToday("doc1", { store })).toBe(false);
  });

  it("ignores garbage in storage", () => {
    const store = memoryStore();
    store.setItem("bedside:device-check-day", "{not json");
    expect(deviceCheckDoneToday("doc1", { store })).toBeNull();
  });
});
