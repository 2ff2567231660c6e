// Device tokens looked up once a minute at most per token and app instance, instead of on
// every reading: what a token names (its device and patient) never changes. Revocation is not
// judged from this copy: the write re-reads the token row in its first round trip, after the
// patient lock (record-observations.ts), so a token revoked on any instance stores nothing
// from then on, and a device posting once a second pays no lookup round trip. A token known
// to be revoked (the lookup said so, or a write was refused) is refused here without the
// database. Unknown tokens are remembered for a second, so a device with a mistyped token
// cannot turn each retry into a query.
import "server-only";
import { sqlQuery } from "@/server/db";
import { Prisma } from "@/server/generated/prisma/client";

export const DEVICE_TOKEN_CACHE_TTL_MS = 60_000;
const UNKNOWN_TOKEN_TTL_MS = 1_000;
const MAX_ENTRIES = 20_000;

export interface CachedDevice {
  id: string;
  patientId: string;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

interface Entry {
  loadedAt: number;
  device: Promise<CachedDevice | null>;
  /** Set once the lookup has answered. */
  deviceId?: string | null;
}

function fresh(entry: Entry, now: number): boolean {
  const ttl = entry.deviceId === null ? UNKNOWN_TOKEN_TTL_MS : DEVICE_TOKEN_CACHE_TTL_MS;
  return now - entry.loadedAt < ttl;
}

const entries = new Map<string, Entry>();

/** The device a token hash belongs to (revoked or not), or null; the object is shared by the cache. */
export function findDeviceByTokenHash(tokenHash: string, now = Date.now()): Promise<CachedDevice | null> {
  const hit = entries.get(tokenHash);
  if (hit && fresh(hit, now)) return hit.device;
  // Concurrent requests with the same token share one lookup.
  const entry: Entry = { loadedAt: now, device: Promise.resolve(null) };
  // SQL on the pool rather than Prisma's client: with many devices this runs every second for each.
  entry.device = sqlQuery<CachedDevice>(
    Prisma.sql`SELECT "id", "patientId", "revokedAt", "lastUsedAt" FROM "DeviceToken" WHERE "tokenHash" = ${tokenHash}`,
  ).then(
    ([device]) => {
      entry.deviceId = device?.id ?? null;
      return device ?? null;
    },
    (error: unknown) => {
      if (entries.get(tokenHash) === entry) entries.delete(tokenHash);
      throw error;
    },
  );
  if (entries.size >= MAX_ENTRIES && !entries.has(tokenHash)) entries.delete(entries.keys().next().value!);
  entries.set(tokenHash, entry);
  return entry.device;
}

/** A write found the token revoked: refuse it here from now on (the cached object is shared). */
export function noteDeviceRevoked(device: CachedDevice, now: Date): void {
  device.revokedAt ??= now;
}

/** Drops a device from this instance's cache (revocation), so it is refused from the next request on. */
export function forgetDevice(deviceId: string): void {
  for (const [hash, entry] of entries) {
    // Lookups still in flight may have read the row before the revocation: drop them too.
    if (entry.deviceId === deviceId || entry.deviceId === undefined) entries.delete(hash);
  }
}
