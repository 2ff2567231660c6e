import { describe, expect, it } from "vitest";
import { loadPreparedDevices, PREPARED_DEVICES_TTL_MS, savePreparedDevices } from "./prepared-devices";

function memoryStore() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k) };
}
const devices = { audioInputId: "mic-1", videoInputId: "cam-1", audioOutputId: null, audioEnabled: false, videoEnabled: true };

describe("devices checked on the join landing page", () => {
  it("are handed to the session room they were checked for, with the consent given", () => {
    const store = memoryStore();
    savePreparedDevices({ sessionId: "s1", devices, recordingConsent: true }, { now: 1_000, store });
    expect(loadPreparedDevices("s1", { now: 2_000, store })).toEqual({ sessionId: "s1", devices, recordingConsent: true, at: 1_000 });
  });

  it("are not used for another session, after they expire, or when the stored value is damaged", () => {
    const store = memoryStore();
    savePreparedDevices({ sessionId: "s1", devices, recordingConsent: false }, { now: 1_000, store });
    expect(loadPreparedDevices("s2", { now: 2_000, store })).toBeNull();
    expect(loadPreparedDevices("s1", { now: 1_000 + PREPARED_DEVICES_TTL_MS + 1, store })).toBeNull();
    store.setItem("bedside:prepared-devices", "{not json");
    expect(loadPreparedDevices("s1", { now: 2_000, store })).toBeNull();
    expect(loadPreparedDevices("s1", { now: 2_000, store: null })).toBeNull();
  });
});
