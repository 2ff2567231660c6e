import { createHash, randomBytes } from "node:crypto";

// 256 random bits, URL-safe. Only the SHA-256 is stored: a database leak yields no usable link.
const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newJoinToken(): { token: string; tokenHash: string } {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  return { token, tokenHash: hashJoinToken(token) };
}

export function hashJoinToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Anything else is not one of ours: answer "invalid" without a database lookup. */
export function isWellFormedJoinToken(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}
