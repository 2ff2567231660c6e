import "server-only";
import { db } from "@/server/db";

/** The patient record a portal account belongs to (none for a guest or an unlinked account). */
export async function findOwnPatientId(userId: string): Promise<string | null> {
  const patient = await db.patient.findUnique({ where: { userId }, select: { id: true } });
  return patient?.id ?? null;
}
