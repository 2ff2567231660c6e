import "server-only";
import { env } from "@/env";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { findVisibleVisit } from "@/server/access/visit-access";

/** A visit's invoice: clinic, patient, lines, payments and totals (anyone who may see the visit). */
export async function getInvoice({ actor, visitId }: { actor: Actor; visitId: string }) {
  return db.$transaction(async (tx) => {
    const v = await findVisibleVisit(
      tx,
      actor,
      visitId,
      {
        id: true,
        openedAt: true,
        closedAt: true,
        paymentStatus: true,
        waivedReason: true,
        patientId: true,
        patient: { select: { givenName: true, familyName: true, mrn: true, dateOfBirth: true } },
        clinician: { select: { name: true, title: true } },
        charges: {
          where: { voidedAt: null },
          orderBy: { createdAt: "asc" },
          select: { id: true, code: true, description: true, quantity: true, unitPriceMinor: true, amountMinor: true, currency: true, createdAt: true },
        },
        payments: { orderBy: { receivedAt: "asc" }, select: { id: true, amountMinor: true, currency: true, method: true, reference: true, receivedAt: true } },
      },
      "invoice.read",
    );
    await recordAudit(tx, actor, { action: "invoice.read", entityType: "Visit", entityId: visitId, patientId: v.patientId });
    const chargedMinor = v.charges.reduce((s, c) => s + c.amountMinor, 0);
    const paidMinor = v.payments.reduce((s, p) => s + p.amountMinor, 0);
    return {
      clinicName: env.CLINIC_NAME,
      invoiceNumber: `INV-${v.id.slice(-8).toUpperCase()}`,
      visit: { id: v.id, openedAt: v.openedAt, closedAt: v.closedAt },
      patient: { name: `${v.patient.givenName} ${v.patient.familyName}`, mrn: v.patient.mrn, dateOfBirth: v.patient.dateOfBirth },
      clinician: [v.clinician.title, v.clinician.name].filter(Boolean).join(" "),
      lines: v.charges,
      payments: v.payments,
      chargedMinor,
      paidMinor,
      balanceMinor: v.paymentStatus === "WAIVED" ? 0 : chargedMinor - paidMinor,
      currency: v.charges[0]?.currency ?? env.CLINIC_CURRENCY,
      paymentStatus: v.paymentStatus,
      waivedReason: v.waivedReason,
    };
  });
}
