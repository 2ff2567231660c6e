import { describe, expect, it } from "vitest";
import { hashJoinToken, isWellFormedJoinToken, newJoinToken } from "./token";

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
