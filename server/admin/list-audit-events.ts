import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";
import { SEALED_COLUMNS } from "./audit-hash";
import { requireAdmin } from "./require-admin";

export interface AuditFilter {
  actorId?: string;
  patientId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: Date;
  to?: Date;
}

export function auditWhere(f: AuditFilter): Prisma.AuditEventWhereInput {
  return {
    ...(f.actorId ? { actorId: f.actorId } : {}),
    ...(f.patientId ? { patientId: f.patientId } : {}),
    ...(f.action ? { action: f.action } : {}),
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

/**
 * One page of the trail, newest first (occurredAt, then id, so equal timestamps page stably).
 * The cursor is the last row's id. Searching the trail is itself audited.
 */
export async function listAuditEvents({ actor, filter, cursor, limit }: { actor: Actor; filter: AuditFilter; cursor?: string; limit: number }) {
  requireAdmin(actor, "audit.list");
  const rows = await db.auditEvent.findMany({
    where: auditWhere(filter),
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: BigInt(cursor) }, skip: 1 } : {}),
    select,
  });
  const page = rows.slice(0, limit);
  await recordAudit(db, actor, { action: "audit.list", entityType: "AuditEvent", patientId: filter.patientId ?? null, metadata: filterMetadata(filter) });
  return {
    items: page.map(toView),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
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
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: auditWhere(filter),
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
