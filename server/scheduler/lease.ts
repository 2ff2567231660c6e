import "server-only";
import { db } from "@/server/db";

/**
 * Take the named lease until `until`, if nobody holds it (or the holder's lease has run
 * out). The database decides: a unique name for the first taker, a conditional update on
 * `expiresAt` afterwards, so two instances never both get it.
 */
export async function acquireLease(name: string, holder: string, now: Date, until: Date): Promise<boolean> {
  const { count } = await db.schedulerLease.updateMany({ where: { name, expiresAt: { lte: now } }, data: { holder, expiresAt: until } });
  if (count === 1) return true;
  try {
    await db.schedulerLease.create({ data: { name, holder, expiresAt: until } });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return false;
    throw error;
  }
}

/** Keep the lease (as "not due") until `until`, if we still hold it. */
export async function holdLeaseUntil(name: string, holder: string, until: Date): Promise<void> {
  await db.schedulerLease.updateMany({ where: { name, holder }, data: { expiresAt: until } });
}
