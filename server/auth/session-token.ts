// Reading the session cookie without Auth.js's session round trip. `auth()` decrypts the
// JWT, runs the callbacks, re-encrypts it and sets the cookie again on every call; a
// request that only needs to know who is signed in pays for one decryption here instead.
// The rules are the same ones the jwt callback applies (./config.ts): an idle or expired
// token counts as signed out.
import { decode, type JWT } from "next-auth/jwt";
import { env } from "@/env";
import { evaluateSession } from "@/lib/auth/session-policy";
import { sessionPolicy } from "./config";

const COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

/**
 * The cookie is re-issued (sliding the staff idle window) only once the recorded activity is
 * this old, so a page's burst of requests does not each carry a new cookie. The server's idle
 * timeout then counts from at most this long before the last request: 15 s on the default
 * 15 minutes (1/60 of a shorter timeout), well inside the 2-minute warning the page shows.
 */
export const SLIDE_AFTER_MS = Math.max(1_000, Math.min(15_000, Math.floor(sessionPolicy.staffIdleMs / 60)));

interface CookieReader {
  get(name: string): { value: string } | undefined;
  getAll(): { name: string; value: string }[];
}

function sessionCookie(cookies: CookieReader): { name: string; value: string } | null {
  for (const name of COOKIE_NAMES) {
    const whole = cookies.get(name);
    if (whole?.value) return { name, value: whole.value };
    // Auth.js splits a cookie over 4 KB into name.0, name.1, …
    const chunks = cookies
      .getAll()
      .filter((c) => c.name.startsWith(`${name}.`))
      .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
    if (chunks.length > 0) return { name, value: chunks.map((c) => c.value).join("") };
  }
  return null;
}

export type ActiveToken = JWT & Required<Pick<JWT, "uid" | "role" | "authTime" | "sid">>;

// Decrypting the cookie costs an HKDF key derivation, a JWK thumbprint and the AES + HMAC
// (~0.3 ms of CPU), and a request pays it twice: proxy.ts, then getSessionUser. A cookie value
// always decrypts to the same claims, so the claims of the values this process decrypted
// recently are kept, keyed by the whole value (with its cookie name, the key's salt): only a
// value that decrypted and verified here is ever stored, and a hit is worth exactly what
// decrypting it again would give. The JWT expiry is checked at every use (as jose does, with
// Auth.js's 15 s tolerance); idle and absolute expiry are evaluated per request below, and
// revocation is the database's (getSessionUser).
const DECODED_KEPT = 2_000;
const CLOCK_TOLERANCE_S = 15;
const decoded = new Map<string, JWT>();
// The secret the kept claims were verified with: a different secret (a rotation, a test that
// changes it) empties the cache, so nothing verified under the old key is honoured under the new.
let decodedWith: string | undefined;

async function decodeCached(value: string, secret: string, salt: string, now: number): Promise<JWT | null> {
  if (secret !== decodedWith) {
    decoded.clear();
    decodedWith = secret;
  }
  const key = `${salt}\n${value}`;
  let token = decoded.get(key) ?? null;
  if (!token) {
    token = await decode({ token: value, secret, salt }).catch(() => null);
    if (!token) return null;
    if (decoded.size >= DECODED_KEPT) decoded.delete(decoded.keys().next().value!);
    // Shared by every request that presents this cookie: nobody may change it.
    decoded.set(key, Object.freeze(token));
  }
  if (typeof token.exp === "number" && token.exp + CLOCK_TOLERANCE_S <= now / 1000) {
    decoded.delete(key);
    return null;
  }
  return token;
}

/** The session token if there is one and it is still active (not idle, not expired); else null. */
export async function readActiveSessionToken(cookies: CookieReader, now = Date.now()): Promise<ActiveToken | null> {
  const cookie = sessionCookie(cookies);
  const secret = env.AUTH_SECRET;
  if (!cookie || !secret) return null;
  const token = await decodeCached(cookie.value, secret, cookie.name, now);
  if (!token?.uid || !token.role || !token.authTime || !token.sid) return null;
  const verdict = evaluateSession({ role: token.role, authTime: token.authTime, lastActivity: token.lastActivity ?? token.authTime }, now, sessionPolicy);
  return verdict === "active" ? (token as ActiveToken) : null;
}

/**
 * The session Auth.js's `authorized` callback is given for an active token: what proxy.ts and
 * the production server's node:http routes (server/http/fast-path.ts) judge a request by when
 * they skip Auth.js (the token is active and its idle window needs no sliding).
 */
export function sessionOfToken(token: ActiveToken) {
  return {
    sid: token.sid,
    user: { id: token.uid, role: token.role, name: (token.name as string | null | undefined) ?? null, email: token.email ?? "" },
    expires: new Date((token.exp ?? 0) * 1000).toISOString(),
  };
}

/** Whether this request should re-issue the cookie to slide the idle window. */
export function slideDue(token: JWT, now = Date.now()): boolean {
  return now - (token.lastActivity ?? token.authTime ?? 0) >= SLIDE_AFTER_MS;
}
