// A signed-in patient's own record id, for pages that show "my vitals".
import "server-only";
import type { Actor } from "@/server/audit/actor";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";

export async function findOwnPatient({ actor }: { actor: Actor }): Promise<{ patientId: string }> {
  if (actor.role !== "PATIENT") {
    throw new AppError("FORBIDDEN", "Only patients have their own vitals page.", { reason: "role" });
  }
  const patient = await db.patient.findUnique({ where: { userId: actor.userId }, select: { id: true } });
  if (!patient) {
    throw new AppError("NOT_FOUND", "Your account is not linked to a patient record yet. Please contact the clinic.", { reason: "no_patient_record" });
  }
  return { patientId: patient.id };
}
