// Device bearer tokens: 256 random bits behind a recognisable prefix. Only the SHA-256 is
// stored; the first characters are kept so people can tell their tokens apart.
// (No "server-only" marker: the vitals simulator script issues tokens with it too.)
import { createHash, randomBytes } from "node:crypto";

export const DEVICE_TOKEN_PREFIX = "bdv_";
const SHOWN_CHARACTERS = 12;

export function newDeviceToken(): { token: string; tokenHash: string; prefix: string } {
  const token = `${DEVICE_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, tokenHash: hashDeviceToken(token), prefix: token.slice(0, SHOWN_CHARACTERS) };
}

export function hashDeviceToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The token from an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer\s+(\S{1,200})\s*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}
