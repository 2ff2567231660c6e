import "server-only";
import { db, type DbOrTx } from "@/server/db";
import type { AuditOutcome } from "@/server/generated/prisma/enums";
import { Prisma } from "@/server/generated/prisma/client";
import { errorForLog, logger } from "@/server/logger";
import { isSystemActor, type AnyActor } from "./actor";

export interface AuditEntry {
  /** `<entity>.<verb>`, e.g. "visit.read", "session.end", "auth.signin". */
  action: string;
  entityType: string;
  entityId?: string | null;
  /** The patient whose information was read or written, when there is one. */
  patientId?: string | null;
  outcome?: AuditOutcome;
  /** Ids and codes only. Never names, free text or readings. */
  metadata?: Record<string, string | number | boolean | null>;
}

function row(actor: AnyActor, entry: AuditEntry): Prisma.AuditEventCreateManyInput {
  const system = isSystemActor(actor);
  return {
    actorId: system ? null : actor.userId,
    actorRole: system ? null : actor.role,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    patientId: entry.patientId ?? null,
    outcome: entry.outcome ?? "SUCCESS",
    requestId: actor.requestId,
    ip: system ? null : (actor.ip ?? null),
    metadata: system ? { system: actor.system, ...(actor.subjectId ? { subjectId: actor.subjectId } : {}), ...entry.metadata } : entry.metadata,
  };
}

/**
 * Append audit rows inside the caller's transaction, so the trail and the change commit or
 * roll back together.
 */
export async function recordAudit(tx: DbOrTx, actor: AnyActor, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.auditEvent.createMany({ data: entries.map((e) => row(actor, e)) });
}

/**
 * The rows recordAudit would append, as one INSERT statement for the caller to run inside its
 * own write (a data-modifying CTE in the same transaction), so a hot path writes its change and
 * its audit rows in one round trip. Null when there is nothing to record.
 */
export function auditInsertSql(actor: AnyActor, entries: AuditEntry[]): Prisma.Sql | null {
  if (entries.length === 0) return null;
  const values = entries.map((entry) => {
    const r = row(actor, entry);
    const metadata = r.metadata === undefined || r.metadata === null ? null : JSON.stringify(r.metadata);
    return Prisma.sql`(${r.actorId}, ${r.actorRole}::"Role", ${r.action}, ${r.entityType}, ${r.entityId}, ${r.patientId},
      ${r.outcome}::"AuditOutcome", ${r.requestId}, ${r.ip}, ${metadata}::jsonb)`;
  });
  return Prisma.sql`INSERT INTO "AuditEvent" ("actorId", "actorRole", "action", "entityType", "entityId", "patientId", "outcome", "requestId", "ip", "metadata")
    VALUES ${Prisma.join(values)}`;
}

/**
 * One audit row per row a read returns, as an `INSERT … SELECT` over a CTE of the read's own
 * statement: `WITH rows AS (…), audit AS (${auditEachRowSql(…)}) SELECT … FROM rows`. A
 * data-modifying CTE runs exactly once whether or not the outer query reads it, so the rows
 * and their audit rows are one statement, one round trip, and commit together (an audit
 * failure fails the read). `rows`, `entityId`, `patientId` and `orderBy` are the caller's
 * column expressions over that CTE, never input; `metadata` (ids and codes only) is a SQL
 * expression giving each row's jsonb, NULL when left out.
 */
export function auditEachRowSql(
  actor: AnyActor,
  entry: Pick<AuditEntry, "action" | "entityType">,
  source: { rows: string; entityId: string; patientId: string; orderBy?: string; metadata?: Prisma.Sql },
): Prisma.Sql {
  const r = row(actor, { ...entry });
  // A system actor's own fields (recordAudit puts them first; the row's metadata wins on a clash).
  const own = r.metadata === undefined || r.metadata === null ? null : JSON.stringify(r.metadata);
  const metadata =
    own && source.metadata ? Prisma.sql`(${own}::jsonb || (${source.metadata})::jsonb)` : own ? Prisma.sql`${own}` : (source.metadata ?? Prisma.sql`NULL`);
  return Prisma.sql`INSERT INTO "AuditEvent" ("actorId", "actorRole", "action", "entityType", "entityId", "patientId", "outcome", "requestId", "ip", "metadata")
    SELECT ${r.actorId}, ${r.actorRole}::"Role", ${r.action}, ${r.entityType}, ${Prisma.raw(source.entityId)}, ${Prisma.raw(source.patientId)},
           ${r.outcome}::"AuditOutcome", ${r.requestId}, ${r.ip}, ${metadata}::jsonb
      FROM ${Prisma.raw(source.rows)}${source.orderBy ? Prisma.sql` ORDER BY ${Prisma.raw(source.orderBy)}` : Prisma.empty}`;
}

/**
 * Record a refused attempt. Written on its own (not in the caller's transaction, which is
 * about to roll back) so that denials are never lost.
 */
export async function recordDenied(actor: AnyActor, entry: Omit<AuditEntry, "outcome">): Promise<void> {
  try {
    await db.auditEvent.create({ data: row(actor, { ...entry, outcome: "DENIED" }) });
  } catch (error) {
    logger.error({ error: errorForLog(error), action: entry.action, requestId: actor.requestId }, "audit.denied_write_failed");
  }
}
