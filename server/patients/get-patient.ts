import "server-only";
import { db } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { findVisiblePatient } from "@/server/access/patient-access";

/** One patient's demographics, for those who may see them (outsiders: NOT_FOUND). */
export async function getPatient({ actor, patientId }: { actor: Actor; patientId: string }) {
  return db.$transaction(async (tx) => {
    const patient = await findVisiblePatient(
      tx,
      actor,
      patientId,
      {
        id: true,
        mrn: true,
        givenName: true,
        familyName: true,
        dateOfBirth: true,
        sex: true,
        phone: true,
        email: true,
        timeZone: true,
        hypercapnic: true,
        userId: true,
      },
      "patient.read",
    );
    await recordAudit(tx, actor, { action: "patient.read", entityType: "Patient", entityId: patient.id, patientId: patient.id });
    const { userId, ...rest } = patient;
    return { ...rest, hasPortalAccount: userId !== null };
  });
}
