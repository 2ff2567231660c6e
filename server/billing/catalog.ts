import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError, notFound } from "@/server/errors";

const SELECT = { id: true, code: true, name: true, description: true, priceMinor: true, currency: true, active: true, updatedAt: true } as const;

/** The service catalog: staff see what can be charged; admins also see inactive items. */
export async function listCatalog({ actor, includeInactive }: { actor: Actor; includeInactive?: boolean }) {
  const all = includeInactive && actor.role === "ADMIN";
  return db.serviceCatalogItem.findMany({ where: all ? {} : { active: true }, orderBy: { code: "asc" }, select: SELECT });
}

export interface CatalogItemInput {
  code: string;
  name: string;
  description?: string | null;
  priceMinor: number;
  currency: string;
  active?: boolean;
}

export async function createCatalogItem({ actor, item }: { actor: Actor; item: CatalogItemInput }) {
  return db.$transaction(async (tx) => {
    const exists = await tx.serviceCatalogItem.findUnique({ where: { code: item.code }, select: { id: true } });
    if (exists) throw new AppError("CONFLICT", `The code ${item.code} is already in the catalog. Choose another code.`, { reason: "code_taken" });
    const created = await tx.serviceCatalogItem.create({
      data: { ...item, description: item.description ?? null, active: item.active ?? true },
      select: SELECT,
    });
    await recordAudit(tx, actor, { action: "catalog.create", entityType: "ServiceCatalogItem", entityId: created.id, metadata: { code: created.code } });
    return created;
  });
}

/** Codes never change (charges keep a snapshot of them); everything else may. */
export async function updateCatalogItem({ actor, id, changes }: { actor: Actor; id: string; changes: Partial<Omit<CatalogItemInput, "code">> }) {
  return db.$transaction(async (tx) => {
    const item = await tx.serviceCatalogItem.findUnique({ where: { id }, select: { id: true } });
    if (!item) throw notFound("Catalog item");
    const updated = await tx.serviceCatalogItem.update({ where: { id }, data: changes, select: SELECT });
    await recordAudit(tx, actor, {
      action: "catalog.update",
      entityType: "ServiceCatalogItem",
      entityId: id,
      metadata: { fields: Object.keys(changes).join(",") },
    });
    return updated;
  });
}
