import "server-only";
import { sqlQuery } from "@/server/db";
import { Prisma } from "@/server/generated/prisma/client";

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

type BucketRow = { count: number | string; windowStart: Date };

async function addToBucket(key: string, n: number, windowMs: number): Promise<BucketRow | undefined> {
  // SQL on the pool rather than Prisma's client: the buffered limiter calls this every second per device.
  const rows = await sqlQuery<BucketRow>(addToBucketSql(key, n, windowMs));
  return rows[0];
}

function addToBucketSql(key: string, n: number, windowMs: number): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count")
    VALUES (${key}, now(), ${n})
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."windowStart" <= now() - make_interval(secs => ${windowMs / 1000})
                     THEN ${n} ELSE "RateLimitBucket"."count" + ${n} END,
      "windowStart" = CASE WHEN "RateLimitBucket"."windowStart" <= now() - make_interval(secs => ${windowMs / 1000})
                     THEN now() ELSE "RateLimitBucket"."windowStart" END
    RETURNING "count", "windowStart"`;
}

/**
 * Fixed-window counter kept in PostgreSQL, so every app instance shares it. One atomic
 * upsert per attempt: no read-then-write race.
 */
export async function consumeRateLimit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
  const row = await addToBucket(key, 1, windowMs);
  if (!row) return { allowed: true, remaining: limit - 1, retryAfterSeconds: 0 };
  const count = Number(row.count);
  const retryAfterSeconds = Math.max(1, Math.ceil((row.windowStart.getTime() + windowMs - Date.now()) / 1000));
  return { allowed: count <= limit, remaining: Math.max(0, limit - count), retryAfterSeconds };
}

interface LocalBucket {
  /** The shared count as of the last sync, plus what this instance has counted since. */
  known: number;
  pending: number;
  syncedAt: number;
  windowEndsAt: number;
}

const buckets = new Map<string, LocalBucket>();
const MAX_LOCAL_BUCKETS = 50_000;

/**
 * A sync of the local count to the shared row that the caller sends inside its own write (a
 * data-modifying CTE; `settle` with the row it returned), so it costs no round trip or
 * connection of its own; `sendAlone` sends it in the background instead (the write did not
 * happen or did not commit). Whichever comes first counts; the other does nothing.
 */
export interface RateLimitSync {
  /** `INSERT … ON CONFLICT … RETURNING "count", "windowStart"`. */
  statement: Prisma.Sql;
  settle(row: BucketRow | undefined): void;
  sendAlone(): void;
}

/**
 * The same shared fixed-window counter for hot paths (a device posting every second): each
 * instance counts locally and adds its count to the shared row at most once per `syncMs`
 * per key, instead of writing on every request. A key over its limit is refused locally,
 * without a write, until its window ends. Across N instances the limit can be overshot by
 * at most what the other instances let through in one `syncMs`.
 *
 * A key still under half its limit is answered from the local count and synced in the
 * background: a device posting once a second would otherwise wait for that write on almost
 * every request (one database round trip more before its reading is stored). From half its
 * limit on, and at the first request of a window, the request waits for the shared count.
 * With `handOver`, that background sync is returned as `sync` for the caller's own write.
 */
export async function consumeRateLimitBuffered(
  key: string,
  limit: number,
  windowMs: number,
  syncMs = 1_000,
  now = Date.now(),
  options: { handOver?: boolean } = {},
): Promise<RateLimitResult & { sync?: RateLimitSync }> {
  const local = buckets.get(key);
  if (local && now < local.windowEndsAt) {
    const retryAfterSeconds = Math.max(1, Math.ceil((local.windowEndsAt - now) / 1000));
    if (local.known + local.pending >= limit) return { allowed: false, remaining: 0, retryAfterSeconds };
    if (now - local.syncedAt < syncMs) {
      local.pending++;
      const count = local.known + local.pending;
      return { allowed: true, remaining: Math.max(0, limit - count), retryAfterSeconds };
    }
    if (2 * (local.known + local.pending + 1) <= limit) {
      local.pending++;
      const count = local.known + local.pending;
      const sync = pendingSync(key, local, windowMs, now);
      if (!options.handOver) sync.sendAlone();
      return { allowed: true, remaining: Math.max(0, limit - count), retryAfterSeconds, ...(options.handOver ? { sync } : {}) };
    }
  }
  const add = (local && now < local.windowEndsAt ? local.pending : 0) + 1;
  if (local) {
    // Others arriving while this sync is in flight count locally.
    local.pending = 0;
    local.syncedAt = now;
  }
  const row = await addToBucket(key, add, windowMs);
  if (!row) return { allowed: true, remaining: limit - 1, retryAfterSeconds: 0 };
  const count = Number(row.count);
  if (buckets.size >= MAX_LOCAL_BUCKETS && !buckets.has(key)) buckets.delete(buckets.keys().next().value!);
  // Keep what was counted locally while the write was in flight; it goes out with the next sync.
  const during = buckets.get(key)?.pending ?? 0;
  buckets.set(key, { known: count, pending: during, syncedAt: now, windowEndsAt: row.windowStart.getTime() + windowMs });
  const retryAfterSeconds = Math.max(1, Math.ceil((row.windowStart.getTime() + windowMs - Date.now()) / 1000));
  return { allowed: count <= limit, remaining: Math.max(0, limit - count), retryAfterSeconds };
}

/** Adds what was counted locally to the shared row without holding up the request that was due to. */
function pendingSync(key: string, local: LocalBucket, windowMs: number, now: number): RateLimitSync {
  const add = local.pending;
  // Others arriving while this sync is in flight count locally.
  local.pending = 0;
  local.syncedAt = now;
  let done = false;
  const settle = (row: BucketRow | undefined) => {
    if (!row || buckets.get(key) !== local) return;
    local.known = Number(row.count);
    local.windowEndsAt = row.windowStart.getTime() + windowMs;
  };
  return {
    statement: addToBucketSql(key, add, windowMs),
    settle: (row) => {
      if (done) return;
      done = true;
      settle(row);
    },
    sendAlone: () => {
      if (done) return;
      done = true;
      addToBucket(key, add, windowMs).then(
        settle,
        // Not lost: it goes out with the next sync (a database outage fails the request's own writes).
        () => {
          if (buckets.get(key) === local) local.pending += add;
        },
      );
    },
  };
}
