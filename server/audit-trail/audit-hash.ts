import { createHash } from "node:crypto";

/** The columns of an audit row that its hash covers (everything but prevHash/hash). */
export interface SealableAuditRow {
  id: bigint | string;
  occurredAt: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  patientId: string | null;
  outcome: string;
  requestId: string | null;
  ip: string | null;
  metadata: unknown;
}

/** The same columns as a Prisma select, so what is read for sealing is exactly what is hashed. */
export const SEALED_COLUMNS = {
  id: true,
  occurredAt: true,
  actorId: true,
  actorRole: true,
  action: true,
  entityType: true,
  entityId: true,
  patientId: true,
  outcome: true,
  requestId: true,
  ip: true,
  metadata: true,
} as const satisfies Record<keyof SealableAuditRow, true>;

/** JSON with object keys sorted at every level, so jsonb's key reordering cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function canonicalAuditRow(row: SealableAuditRow): string {
  return canonicalJson({
    id: String(row.id),
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    actorRole: row.actorRole,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    patientId: row.patientId,
    outcome: row.outcome,
    requestId: row.requestId,
    ip: row.ip,
    metadata: row.metadata ?? null,
  });
}

/** SHA-256 (hex) over the previous row's hash and this row's canonical form. */
export function auditRowHash(prevHash: string | null, row: SealableAuditRow): string {
  return createHash("sha256")
    .update(prevHash ?? "")
    .update("\n")
    .update(canonicalAuditRow(row))
    .digest("hex");
}
