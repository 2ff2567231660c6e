import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether a request carries the cron secret, as `Authorization: Bearer <secret>` or
 * `X-Cron-Secret: <secret>`. Compared in constant time (over SHA-256 digests, so the
 * lengths never differ either).
 */
export function hasCronSecret(headers: Headers, secret: string): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get("authorization") ?? "")?.[1];
  const given = bearer ?? headers.get("x-cron-secret");
  if (!given) return false;
  const digest = (v: string) => createHash("sha256").update(v, "utf8").digest();
  return timingSafeEqual(digest(given), digest(secret));
}
