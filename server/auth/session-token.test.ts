import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { env } from "@/env";
import { sessionPolicy } from "./config";
import { readActiveSessionToken, SLIDE_AFTER_MS, slideDue } from "./session-token";

const NAME = "authjs.session-token";
const cookies = (value: string, name = NAME) => ({
  get: (n: string) => (n === name ? { value } : undefined),
  getAll: () => [{ name, value }],
});
const tokenOf = (claims: Record<string, unknown>, maxAge?: number) => encode({ token: claims, secret: env.AUTH_SECRET!, salt: NAME, maxAge });

describe("session token", () => {
  const now = Date.now();
  const base = { uid: "u1", sid: "s1", role: "CLINICIAN", authTime: now - 60_000 };

  it("reads an active token from the cookie", async () => {
    const token = await readActiveSessionToken(cookies(await tokenOf({ ...base, lastActivity: now - 1_000 })), now);
    expect(token).toMatchObject({ uid: "u1", sid: "s1", role: "CLINICIAN" });
  });

  it("treats an idle staff token, an expired one or a forged one as signed out", async () => {
    expect(await readActiveSessionToken(cookies(await tokenOf({ ...base, lastActivity: now - sessionPolicy.staffIdleMs - 1 })), now)).toBeNull();
    expect(await readActiveSessionToken(cookies(await tokenOf({ ...base, authTime: now - sessionPolicy.absoluteMs - 1 })), now)).toBeNull();
    expect(await readActiveSessionToken(cookies("not-a-jwe"), now)).toBeNull();
  });

  it("judges a cookie it has already decrypted at every use: idle, past the JWT's expiry, or under another cookie name", async () => {
    const value = await tokenOf({ ...base, lastActivity: now - 1_000 }, 60);
    expect(await readActiveSessionToken(cookies(value), now)).toMatchObject({ uid: "u1" });
    expect(await readActiveSessionToken(cookies(value), now)).toMatchObject({ uid: "u1" });
    expect(await readActiveSessionToken(cookies(value), now + sessionPolicy.staffIdleMs)).toBeNull();
    // exp is 60 s away; Auth.js tolerates 15 s of clock skew.
    expect(await readActiveSessionToken(cookies(value), now + 80_000)).toBeNull();
    // The name is the key's salt: the same value under the other cookie name does not decrypt.
    expect(await readActiveSessionToken(cookies(value, "__Secure-authjs.session-token"), now)).toBeNull();
  });

  it("forgets what it verified when the secret changes: a cookie sealed under the old secret is signed out", async () => {
    const value = await tokenOf({ ...base, lastActivity: now - 1_000 });
    expect(await readActiveSessionToken(cookies(value), now)).toMatchObject({ uid: "u1" });
    const secret = env.AUTH_SECRET;
    const mutable = env as { AUTH_SECRET?: string };
    mutable.AUTH_SECRET = `${secret}-rotated`;
    try {
      expect(await readActiveSessionToken(cookies(value), now)).toBeNull();
    } finally {
      mutable.AUTH_SECRET = secret;
    }
    expect(await readActiveSessionToken(cookies(value), now)).toMatchObject({ uid: "u1" });
  });

  it("asks for the cookie to be re-issued only once the last activity is SLIDE_AFTER_MS old", () => {
    expect(SLIDE_AFTER_MS).toBeLessThanOrEqual(15_000);
    expect(slideDue({ lastActivity: now - 1_000 }, now)).toBe(false);
    expect(slideDue({ lastActivity: now - SLIDE_AFTER_MS }, now)).toBe(true);
  });
});
