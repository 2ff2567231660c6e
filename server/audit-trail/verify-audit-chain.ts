import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import type { AuditEvent } from "@/server/generated/prisma/client";
import { auditRowHash } from "./audit-hash";
import { requireAdmin } from "@/server/access/roles";

const PAGE = 2000;

export type ChainBreak = {
  id: string;
  /** hash_mismatch: the row no longer matches its hash (edited). link_mismatch: its prevHash is not the previous row's hash (a row removed, inserted or reordered). */
  reason: "hash_mismatch" | "link_mismatch";
};

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBreak: ChainBreak | null;
  /** Rows not yet sealed (newer than the last run of the sealing job). */
  unsealed: number;
}

/** Recompute the whole chain in id order; report the first row that does not match. */
export async function checkAuditChain(): Promise<ChainReport> {
  let prev: string | null = null;
  let checked = 0;
  let cursor: bigint | null = null;
  for (;;) {
    const rows: AuditEvent[] = await db.auditEvent.findMany({
      where: { hash: { not: null }, ...(cursor !== null ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: PAGE,
    });
    for (const r of rows) {
      if (r.prevHash !== prev) return { ok: false, checked, firstBreak: { id: String(r.id), reason: "link_mismatch" }, unsealed: await countUnsealed() };
      if (auditRowHash(prev, r) !== r.hash)
        return { ok: false, checked, firstBreak: { id: String(r.id), reason: "hash_mismatch" }, unsealed: await countUnsealed() };
      prev = r.hash;
      checked++;
    }
    if (rows.length < PAGE) break;
    cursor = rows[rows.length - 1]!.id;
  }
  return { ok: true, checked, firstBreak: null, unsealed: await countUnsealed() };
}

const countUnsealed = () => db.auditEvent.count({ where: { hash: null } });

/** The admin-facing check: runs the verification and records that it was run and its result. */
export async function verifyAuditChain({ actor }: { actor: Actor }): Promise<ChainReport> {
  requireAdmin(actor, "audit.verify");
  const report = await checkAuditChain();
  await recordAudit(db, actor, {
    action: "audit.verify",
    entityType: "AuditEvent",
    entityId: report.firstBreak?.id ?? null,
    outcome: report.ok ? "SUCCESS" : "FAILURE",
    metadata: { checked: report.checked, ok: report.ok, reason: report.firstBreak?.reason ?? null },
  });
  return report;
}
