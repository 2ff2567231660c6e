import { describe, expect, it } from "vitest";
import { hashJoinToken, isWellFormedJoinToken, newJoinToken } from "./token";
import { joinWindow, joinWindowState } from "./join-window";

describe("joinWindow", () => {
  const start = new Date("2031-01-14T10:30:00Z");
  const w = joinWindow(start, { beforeMinutes: 10, afterMinutes: 30 });

  it("opens before the scheduled start and closes after it", () => {
    expect(w).toEqual({ opensAt: new Date("2031-01-14T10:20:00Z"), closesAt: new Date("2031-01-14T11:00:00Z") });
  });

  it("is open from its first instant up to, not including, its closing instant", () => {
    expect(joinWindowState(w, new Date("2031-01-14T10:19:59Z"))).toBe("before");
    expect(joinWindowState(w, new Date("2031-01-14T10:20:00Z"))).toBe("open");
    expect(joinWindowState(w, new Date("2031-01-14T10:59:59Z"))).toBe("open");
    expect(joinWindowState(w, new Date("2031-01-14T11:00:00Z"))).toBe("closed");
  });
});

describe("join tokens", () => {
  it("are random, URL-safe and stored only as their SHA-256", () => {
    const a = newJoinToken();
    const b = newJoinToken();
    expect(a.token).not.toBe(b.token);
    expect(isWellFormedJoinToken(a.token)).toBe(true);
    expect(a.tokenHash).toBe(hashJoinToken(a.token));
    expect(a.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.tokenHash).not.toContain(a.token);
  });

  it("rejects anything not shaped like a token before any lookup", () => {
    expect(isWellFormedJoinToken("")).toBe(false);
    expect(isWellFormedJoinToken("../../etc/passwd")).toBe(false);
    expect(isWellFormedJoinToken(`${newJoinToken().token}x`)).toBe(false);
  });
});
