import "server-only";
import { db } from "@/server/db";
import { auditRowHash, SEALED_COLUMNS } from "./audit-hash";

// Every sealing batch holds this transaction-level advisory lock, so two runners (two app
// instances, the in-process ticker and /api/cron/tick) never interleave their chains.
export const AUDIT_SEAL_LOCK_KEY = 4_711_900_001n;

/**
 * Rows are sealed only once they are this old: audit rows of a transaction still in flight
 * can carry lower ids than rows already committed, and the chain runs in id order.
 */
export const SEAL_GRACE_MS = 60_000;
const BATCH = 1000;
const MAX_BATCHES_PER_RUN = 50;

const select = SEALED_COLUMNS;

/**
 * Seal unsealed audit rows into the hash chain, in id order: each row's `prevHash` is the
 * previous sealed row's `hash`, and its `hash` is SHA-256 over that and the row's canonical
 * JSON. The append-only trigger allows setting these two columns exactly once.
 */
export async function run({ now }: { now: Date }): Promise<{ sealed: number }> {
  const before = new Date(now.getTime() - SEAL_GRACE_MS);
  let sealed = 0;
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const n = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AUDIT_SEAL_LOCK_KEY})`;
      const head = await tx.auditEvent.findFirst({ where: { hash: { not: null } }, orderBy: { id: "desc" }, select: { id: true, hash: true } });
      const rows = await tx.auditEvent.findMany({
        where: { hash: null, occurredAt: { lt: before }, ...(head ? { id: { gt: head.id } } : {}) },
        orderBy: { id: "asc" },
        take: BATCH,
        select,
      });
      if (rows.length === 0) return 0;
      let prev = head?.hash ?? null;
      const ids: string[] = [];
      const prevs: (string | null)[] = [];
      const hashes: string[] = [];
      for (const r of rows) {
        const hash = auditRowHash(prev, r);
        ids.push(String(r.id));
        prevs.push(prev);
        hashes.push(hash);
        prev = hash;
      }
      await tx.$executeRaw`
        UPDATE "AuditEvent" AS a SET "prevHash" = v.p, "hash" = v.h
          FROM unnest(${ids}::bigint[], ${prevs}::text[], ${hashes}::text[]) AS v(id, p, h)
         WHERE a."id" = v.id AND a."hash" IS NULL`;
      return rows.length;
    });
    sealed += n;
    if (n < BATCH) break;
  }
  return { sealed };
}
