import { describe, expect, it } from "vitest";
import { joinWindow, joinWindowState } from "./join-window";

const start = new Date("2026-11-21T10:30:00Z");
const policy = { beforeMinutes: 10, afterMinutes: 30 };

describe("join window", () => {
  it("opens 10 minutes before the start and is closed from its closing instant on", () => {
    const w = joinWindow(start, policy);
    expect(w.opensAt.toISOString()).toBe("2026-11-21T10:20:00.000Z");
    expect(w.closesAt.toISOString()).toBe("2026-11-21T11:00:00.000Z");
    expect(joinWindowState(w, new Date("2026-11-21T10:19:59Z"))).toBe("early");
    expect(joinWindowState(w, new Date("2026-11-21T10:20:00Z"))).toBe("open");
    expect(joinWindowState(w, new Date("2026-11-21T10:59:59.999Z"))).toBe("open");
    expect(joinWindowState(w, new Date("2026-11-21T11:00:00Z"))).toBe("closed");
  });

  it("follows a configured policy", () => {
    const w = joinWindow(start, { beforeMinutes: 0, afterMinutes: 5 });
    expect(joinWindowState(w, new Date("2026-11-21T10:29:59Z"))).toBe("early");
    expect(joinWindowState(w, new Date("2026-11-21T10:34:59Z"))).toBe("open");
    expect(joinWindowState(w, new Date("2026-11-21T10:35:00Z"))).toBe("closed");
  });
});
