import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { bookedConsultation, callerAs, ensureTelemedicineItem, makeAdmin, makeClinician, makePatient } from "@/tests/helpers/factories";

let telemedId: string;
beforeAll(async () => {
  telemedId = (await ensureTelemedicineItem(4500)).id;
});

async function completedBilledSession() {
  const ctx = await bookedConsultation();
  const doc = callerAs(ctx.clinician);
  await doc.sessions.start({ sessionId: ctx.booking.sessionId });
  await doc.sessions.end({ sessionId: ctx.booking.sessionId, addToBill: true });
  return ctx;
}

describe("billing: totals and payment status", () => {
  it("goes from unpaid to partly paid to paid, refusing an overpayment with the amount owed", async () => {
    const { clinician, patientUser, booking } = await completedBilledSession();
    const admin = callerAs(await makeAdmin());
    expect((await callerAs(patientUser).billing.invoice({ visitId: booking.visitId })).balanceMinor).toBe(4500);

    const part = await admin.billing.recordPayment({ visitId: booking.visitId, amountMinor: 2000, method: "CARD", reference: "POS-1" });
    expect(part.totals).toMatchObject({ paidMinor: 2000, balanceMinor: 2500, status: "PARTIALLY_PAID" });

    await expect(admin.billing.recordPayment({ visitId: booking.visitId, amountMinor: 3000, method: "CASH" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("$25.00 owed"),
      cause: { reason: "overpayment" },
    });
    const full = await callerAs(clinician).billing.recordPayment({ visitId: booking.visitId, amountMinor: 2500, method: "INSURANCE" });
    expect(full.totals).toMatchObject({ balanceMinor: 0, status: "PAID" });
    expect((await callerAs(patientUser).visits.get({ visitId: booking.visitId })).paymentStatus).toBe("PAID");
    await expect(admin.billing.recordPayment({ visitId: booking.visitId, amountMinor: 1, method: "CASH" })).rejects.toMatchObject({ cause: { reason: "nothing_owed" } });
  });

  it("never lets concurrent payments together exceed the balance", async () => {
    const { booking } = await completedBilledSession();
    const admin = callerAs(await makeAdmin());
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => admin.billing.recordPayment({ visitId: booking.visitId, amountMinor: 2000, method: "CARD" })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    const paid = await db.payment.aggregate({ where: { visitId: booking.visitId }, _sum: { amountMinor: true } });
    expect(paid._sum.amountMinor).toBe(4000);
  });

  it("voids a charge with a reason and replaces it; the void is audited and the totals follow", async () => {
    const { clinician, booking, patient } = await completedBilledSession();
    const admin = await makeAdmin();
    const extended = await callerAs(admin).billing.catalogCreate({ code: `EXT-${Date.now() % 100000}`, name: "Extended consultation", priceMinor: 7500, currency: "USD" });
    const charge = await db.charge.findFirstOrThrow({ where: { visitId: booking.visitId } });
    const result = await callerAs(clinician).billing.voidCharge({ chargeId: charge.id, reason: "Call ran long", replacement: { catalogItemId: extended.id, quantity: 1 } });
    expect(result.totals).toMatchObject({ chargedMinor: 7500, status: "UNPAID" });
    const replacement = await db.charge.findUniqueOrThrow({ where: { id: result.replacementId! } });
    expect(replacement).toMatchObject({ replacesChargeId: charge.id, amountMinor: 7500 });
    await expect(callerAs(clinician).billing.voidCharge({ chargeId: charge.id, reason: "again" })).rejects.toMatchObject({ cause: { reason: "already_voided" } });
    expect(await db.auditEvent.count({ where: { action: "charge.void", entityId: charge.id, patientId: patient.id } })).toBe(1);
  });

  it("keeps charges and payments as records: the database refuses edits and deletes", async () => {
    const { booking } = await completedBilledSession();
    const charge = await db.charge.findFirstOrThrow({ where: { visitId: booking.visitId } });
    await expect(db.charge.update({ where: { id: charge.id }, data: { amountMinor: 1 } })).rejects.toThrow(/charge_immutable/);
    await expect(db.charge.delete({ where: { id: charge.id } })).rejects.toThrow(/charge_immutable/);
    const admin = callerAs(await makeAdmin());
    const { payment } = await admin.billing.recordPayment({ visitId: booking.visitId, amountMinor: 100, method: "CASH" });
    await expect(db.payment.update({ where: { id: payment.id }, data: { amountMinor: 50 } })).rejects.toThrow(/payment_immutable/);
  });

  it("lets an admin waive a bill with a reason, and only an admin", async () => {
    const { clinician, booking } = await completedBilledSession();
    await expect(callerAs(clinician).billing.waive({ visitId: booking.visitId, reason: "Hardship" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(await makeAdmin()).billing.waive({ visitId: booking.visitId, reason: "Hardship" })).resolves.toEqual({ status: "WAIVED" });
    await expect(callerAs(clinician).billing.recordPayment({ visitId: booking.visitId, amountMinor: 100, method: "CASH" })).rejects.toMatchObject({ cause: { reason: "bill_waived" } });
  });
});

describe("billing: catalog and charges", () => {
  it("refuses to charge an inactive item, and keeps codes unique", async () => {
    const admin = callerAs(await makeAdmin());
    const code = `OLD-${Date.now() % 100000}`;
    const item = await admin.billing.catalogCreate({ code, name: "Retired service", priceMinor: 1000, currency: "usd" });
    expect(item.currency).toBe("USD");
    await expect(admin.billing.catalogCreate({ code, name: "Duplicate", priceMinor: 1, currency: "USD" })).rejects.toMatchObject({ code: "CONFLICT" });
    await admin.billing.catalogUpdate({ id: item.id, active: false });
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const visit = await callerAs(clinician).visits.open({ patientId: patient.id });
    await expect(callerAs(clinician).billing.addCharge({ visitId: visit.id, catalogItemId: item.id, quantity: 1 })).rejects.toMatchObject({ cause: { reason: "catalog_item_inactive" } });
    const ok = await callerAs(clinician).billing.addCharge({ visitId: visit.id, catalogItemId: telemedId, quantity: 2 });
    expect(ok.totals).toMatchObject({ chargedMinor: 9000, status: "UNPAID" });
    expect((await callerAs(clinician).billing.catalog()).map((i) => i.code)).not.toContain(code);
  });

  it("refuses bill changes from patients, other clinicians (as missing) and non-admins on the catalog", async () => {
    const { patientUser, booking } = await completedBilledSession();
    const other = await makeClinician();
    await expect(callerAs(patientUser).billing.addCharge({ visitId: booking.visitId, catalogItemId: telemedId, quantity: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(patientUser).billing.recordPayment({ visitId: booking.visitId, amountMinor: 100, method: "CASH" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(other).billing.addCharge({ visitId: booking.visitId, catalogItemId: telemedId, quantity: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(other).billing.invoice({ visitId: booking.visitId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(other).billing.catalogCreate({ code: "X-1", name: "No", priceMinor: 1, currency: "USD" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(await makeAdmin()).billing.catalogCreate({ code: "bad code!", name: "No", priceMinor: -1, currency: "US" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("shows the patient their own invoice with the telemedicine line and its price", async () => {
    const { patientUser, booking } = await completedBilledSession();
    const invoice = await callerAs(patientUser).billing.invoice({ visitId: booking.visitId });
    expect(invoice.lines).toEqual([expect.objectContaining({ code: "TELEMED-001", description: "Telemedicine consultation", amountMinor: 4500 })]);
    expect(invoice).toMatchObject({ chargedMinor: 4500, balanceMinor: 4500, paymentStatus: "UNPAID", currency: "USD" });
  });
});
