import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";
import { SEALED_COLUMNS } from "./audit-hash";
import { foldRoutineReads } from "./collapse-audit-reads";
import { describeAuditEvents, resolvePeople } from "./describe-audit-events";
import { requireAdmin } from "@/server/access/roles";

export interface AuditFilter {
  actorId?: string;
  patientId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
  /** A patient by name, MRN or id. */
  patient?: string;
  /** A person by name, email or id. */
  actor?: string;
}

/** "visit" matches the family (visit.read, visit.close, …); "visit.read" that code only. */
export function actionWhere(action: string): Prisma.AuditEventWhereInput {
  const family = action.replace(/\.\*$/, "").replace(/\.$/, "");
  return { OR: [{ action: family }, { action: { startsWith: `${family}.` } }] };
}

export function auditWhere(f: AuditFilter, people: { patientIds?: string[]; actorIds?: string[] } = {}): Prisma.AuditEventWhereInput {
  return {
    AND: [
      ...(people.patientIds ? [{ patientId: { in: people.patientIds } }] : []),
      ...(people.actorIds ? [{ actorId: { in: people.actorIds } }] : []),
      ...(f.action ? [actionWhere(f.action)] : []),
    ],
    ...(f.actorId ? { actorId: f.actorId } : {}),
    ...(f.patientId ? { patientId: f.patientId } : {}),
    ...(f.entityType ? { entityType: f.entityType } : {}),
    ...(f.entityId ? { entityId: f.entityId } : {}),
    ...(f.from || f.to ? { occurredAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
  };
}

/** The filter as audit metadata: ids and codes only, which is all a filter holds. */
export function filterMetadata(f: AuditFilter): Record<string, string> {
  const m: Record<string, string> = {};
  for (const [k, v] of Object.entries(f)) {
    if (v instanceof Date) m[k] = v.toISOString();
    else if (typeof v === "string" && v) m[k] = v;
  }
  return m;
}

const select = { ...SEALED_COLUMNS, hash: true } satisfies Prisma.AuditEventSelect;

export type AuditEventRow = Prisma.AuditEventGetPayload<{ select: typeof select }>;

/** How many stored rows one screen reads at most to fill its folded rows. */
const FOLD_READ_FACTOR = 10;

/**
 * One page of the trail, newest first (occurredAt, then id, so equal timestamps page stably),
 * with names beside the ids. Unless `fold` is off, runs of routine polling reads are folded
 * into one row per read window (count and span shown; nothing is dropped: the cursor resumes
 * after the last stored row shown). The cursor is that row's id. Searching is itself audited.
 */
export async function listAuditEvents({
  actor,
  filter,
  cursor,
  limit,
  fold = true,
}: {
  actor: Actor;
  filter: AuditFilter;
  cursor?: string;
  limit: number;
  fold?: boolean;
}) {
  requireAdmin(actor, "audit.list");
  const people = await resolvePeople({ patient: filter.patient, actor: filter.actor });
  const take = fold ? limit * FOLD_READ_FACTOR : limit;
  const rows = await db.auditEvent.findMany({
    where: auditWhere(filter, people),
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: take + 1,
    ...(cursor ? { cursor: { id: BigInt(cursor) }, skip: 1 } : {}),
    select,
  });
  const views = rows.slice(0, take).map(toView);
  // A run cut off by the read limit continues on the next page rather than showing a short count.
  const all = fold ? foldRoutineReads(views) : views.map((row) => ({ row, count: 1, oldestAt: row.occurredAt, oldestId: row.id }));
  const folded = all.slice(0, limit);
  const shown = folded.at(-1);
  const more = rows.length > take || all.length > limit;
  const names = await describeAuditEvents(folded.map((f) => f.row));
  await recordAudit(db, actor, { action: "audit.list", entityType: "AuditEvent", patientId: filter.patientId ?? null, metadata: filterMetadata(filter) });
  return {
    items: folded.map((f) => ({ ...f.row, ...names.get(f.row)!, count: f.count, oldestAt: f.oldestAt, oldestId: f.oldestId })),
    nextCursor: more && shown ? shown.oldestId : null,
  };
}

export function toView(r: AuditEventRow) {
  return {
    id: String(r.id),
    occurredAt: r.occurredAt,
    actorId: r.actorId,
    actorRole: r.actorRole,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    patientId: r.patientId,
    outcome: r.outcome,
    requestId: r.requestId,
    ip: r.ip,
    metadata: r.metadata === null ? null : JSON.stringify(r.metadata),
    sealed: r.hash !== null,
  };
}

/** Every matching row, newest first, in pages (for the CSV export). */
export async function* iterateAuditEvents(filter: AuditFilter, pageSize = 1000): AsyncGenerator<ReturnType<typeof toView>[]> {
  let cursor: bigint | undefined;
  const people = await resolvePeople({ patient: filter.patient, actor: filter.actor });
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: auditWhere(filter, people),
      orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      take: pageSize,
      ...(cursor !== undefined ? { cursor: { id: cursor }, skip: 1 } : {}),
      select,
    });
    if (rows.length === 0) return;
    yield rows.map(toView);
    if (rows.length < pageSize) return;
    cursor = rows[rows.length - 1]!.id;
  }
}
