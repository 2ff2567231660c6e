import "server-only";
import type { Tx } from "@/server/db";
import { logger } from "@/server/logger";

/**
 * The patient's portal account, which a join link signs in. A patient without one gets a
 * password-less PATIENT account for their recorded email (the emailed link is how they reach
 * the visit). Null when there is nobody to email: no address, a deactivated account, or an
 * address already used by another account. Booking and rescheduling call this before they
 * queue the patient's email; the notification itself never writes.
 */
export async function ensurePatientUser(tx: Tx, patientId: string): Promise<{ id: string; email: string } | null> {
  const patient = await tx.patient.findUniqueOrThrow({
    where: { id: patientId },
    select: { id: true, givenName: true, familyName: true, email: true, timeZone: true, user: { select: { id: true, email: true, deactivatedAt: true } } },
  });
  if (patient.user) return patient.user.deactivatedAt ? null : { id: patient.user.id, email: patient.user.email };
  const email = patient.email?.trim().toLowerCase();
  if (!email) return null;
  const taken = await tx.user.findUnique({ where: { email }, select: { id: true } });
  if (taken) {
    logger.warn({ patientId: patient.id }, "patients.portal_email_taken");
    return null;
  }
  const user = await tx.user.create({
    data: { email, name: `${patient.givenName} ${patient.familyName}`.trim(), role: "PATIENT", timeZone: patient.timeZone },
    select: { id: true, email: true },
  });
  await tx.patient.update({ where: { id: patient.id }, data: { userId: user.id } });
  return user;
}
