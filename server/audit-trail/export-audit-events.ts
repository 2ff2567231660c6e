import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { csvLine } from "./csv";
import { filterMetadata, iterateAuditEvents, type AuditFilter } from "./list-audit-events";
import { requireAdmin } from "@/server/access/roles";

export const AUDIT_CSV_COLUMNS = [
  "id",
  "occurredAt",
  "actorId",
  "actorRole",
  "action",
  "entityType",
  "entityId",
  "patientId",
  "outcome",
  "requestId",
  "ip",
  "metadata",
  "sealed",
] as const;

/**
 * The matching trail as CSV lines, streamed page by page. The export is audited before the
 * first byte leaves, so even an interrupted download is on record.
 */
export async function exportAuditEvents({ actor, filter }: { actor: Actor; filter: AuditFilter }): Promise<AsyncGenerator<string>> {
  requireAdmin(actor, "audit.export");
  await recordAudit(db, actor, { action: "audit.export", entityType: "AuditEvent", patientId: filter.patientId ?? null, metadata: filterMetadata(filter) });
  return (async function* () {
    yield csvLine([...AUDIT_CSV_COLUMNS]);
    for await (const page of iterateAuditEvents(filter)) {
      yield page.map((r) => csvLine(AUDIT_CSV_COLUMNS.map((c) => (c === "occurredAt" ? r.occurredAt.toISOString() : r[c])))).join("");
    }
  })();
}
