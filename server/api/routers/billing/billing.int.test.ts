import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { bookedConsultation, callerAs, ensureTelemedicineItem, makeAdmin, makeClinician, makePatient } from "@/tests/helpers/factories";
import { holdRowLock, type HeldLock } from "@/tests/helpers/row-lock";

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
    await expect(admin.billing.recordPayment({ visitId: booking.visitId, amountMinor: 1, method: "CASH" })).rejects.toMatchObject({
      cause: { reason: "nothing_owed" },
    });
  });

  it("never lets concurrent payments together exceed the balance", async () => {
    const { booking } = await completedBilledSession();
    const admin = callerAs(await makeAdmin());
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => admin.billing.recordPayment({ visitId: booking.visitId, amountMinor: 2000, method: "CARD" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(2);
    const paid = await db.payment.aggregate({ where: { visitId: booking.visitId }, _sum: { amountMinor: true } });
    expect(paid._sum.amountMinor).toBe(4000);
  });

  it("voids a charge with a reason and replaces it; the void is audited and the totals follow", async () => {
    const { clinician, booking, patient } = await completedBilledSession();
    const admin = await makeAdmin();
    const extended = await callerAs(admin).billing.catalogCreate({
      code: `EXT-${Date.now() % 100000}`,
      name: "Extended consultation",
      priceMinor: 7500,
      currency: "USD",
    });
    const charge = await db.charge.findFirstOrThrow({ where: { visitId: booking.visitId } });
    const result = await callerAs(clinician).billing.voidCharge({
      chargeId: charge.id,
      reason: "Call ran long",
      replacement: { catalogItemId: extended.id, quantity: 1 },
    });
    expect(result.totals).toMatchObject({ chargedMinor: 7500, status: "UNPAID" });
    const replacement = await db.charge.findUniqueOrThrow({ where: { id: result.replacementId! } });
    expect(replacement).toMatchObject({ replacesChargeId: charge.id, amountMinor: 7500 });
    await expect(callerAs(clinician).billing.voidCharge({ chargeId: charge.id, reason: "again" })).rejects.toMatchObject({
      cause: { reason: "already_voided" },
    });
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
    await expect(callerAs(clinician).billing.recordPayment({ visitId: booking.visitId, amountMinor: 100, method: "CASH" })).rejects.toMatchObject({
      cause: { reason: "bill_waived" },
    });
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
    await expect(callerAs(clinician).billing.addCharge({ visitId: visit.id, catalogItemId: item.id, quantity: 1 })).rejects.toMatchObject({
      cause: { reason: "catalog_item_inactive" },
    });
    const ok = await callerAs(clinician).billing.addCharge({ visitId: visit.id, catalogItemId: telemedId, quantity: 2 });
    expect(ok.totals).toMatchObject({ chargedMinor: 9000, status: "UNPAID" });
    expect((await callerAs(clinician).billing.catalog()).map((i) => i.code)).not.toContain(code);
  });

  it("refuses bill changes from patients, other clinicians (as missing) and non-admins on the catalog", async () => {
    const { patientUser, booking } = await completedBilledSession();
    const other = await makeClinician();
    await expect(callerAs(patientUser).billing.addCharge({ visitId: booking.visitId, catalogItemId: telemedId, quantity: 1 })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(callerAs(patientUser).billing.recordPayment({ visitId: booking.visitId, amountMinor: 100, method: "CASH" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(callerAs(other).billing.addCharge({ visitId: booking.visitId, catalogItemId: telemedId, quantity: 1 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(callerAs(other).billing.invoice({ visitId: booking.visitId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(other).billing.catalogCreate({ code: "X-1", name: "No", priceMinor: 1, currency: "USD" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(callerAs(await makeAdmin()).billing.catalogCreate({ code: "bad code!", name: "No", priceMinor: -1, currency: "US" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("shows the patient their own invoice with the telemedicine line and its price", async () => {
    const { patientUser, booking } = await completedBilledSession();
    const invoice = await callerAs(patientUser).billing.invoice({ visitId: booking.visitId });
    expect(invoice.lines).toEqual([expect.objectContaining({ code: "TELEMED-001", description: "Telemedicine consultation", amountMinor: 4500 })]);
    expect(invoice).toMatchObject({ chargedMinor: 4500, balanceMinor: 4500, paymentStatus: "UNPAID", currency: "USD" });
  });
});

// Each money path locks the visit and only then reads what it decides on. A second
// connection plays the other request: it holds the visit's lock, changes the bill and
// commits while the call under test waits (tests/helpers/row-lock.ts).
describe("billing: a change racing another change to the same bill", () => {
  const waive = (lock: HeldLock, visitId: string, adminId: string, reason: string) =>
    lock.query(`UPDATE "Visit" SET "waivedAt" = now(), "waivedById" = $2, "waivedReason" = $3, "paymentStatus" = 'WAIVED' WHERE id = $1`, [
      visitId,
      adminId,
      reason,
    ]);

  it("refuses a payment when a waive committed while it waited for the visit", async () => {
    const { booking } = await completedBilledSession();
    const adminUser = await makeAdmin();
    const lock = await holdRowLock("Visit", booking.visitId);
    try {
      const paying = expect(callerAs(adminUser).billing.recordPayment({ visitId: booking.visitId, amountMinor: 1000, method: "CARD" })).rejects.toMatchObject({
        cause: { reason: "bill_waived" },
      });
      await lock.waitForWaiter();
      await waive(lock, booking.visitId, adminUser.id, "Hardship");
      await lock.commit();
      await paying;
    } finally {
      await lock.release();
    }
    expect(await db.payment.count({ where: { visitId: booking.visitId } })).toBe(0);
    expect((await db.visit.findUniqueOrThrow({ where: { id: booking.visitId } })).paymentStatus).toBe("WAIVED");
  });

  it("refuses a charge when a waive committed while it waited for the visit", async () => {
    const { clinician, booking } = await completedBilledSession();
    const adminUser = await makeAdmin();
    const lock = await holdRowLock("Visit", booking.visitId);
    try {
      const charging = expect(callerAs(clinician).billing.addCharge({ visitId: booking.visitId, catalogItemId: telemedId, quantity: 1 })).rejects.toMatchObject(
        {
          cause: { reason: "bill_waived" },
        },
      );
      await lock.waitForWaiter();
      await waive(lock, booking.visitId, adminUser.id, "Hardship");
      await lock.commit();
      await charging;
    } finally {
      await lock.release();
    }
    expect(await db.charge.count({ where: { visitId: booking.visitId } })).toBe(1);
  });

  it("keeps the first waive's reason when a second waive raced it, and audits only the first", async () => {
    const { booking } = await completedBilledSession();
    const first = await makeAdmin();
    const second = await makeAdmin();
    const lock = await holdRowLock("Visit", booking.visitId);
    try {
      const waiving = callerAs(second).billing.waive({ visitId: booking.visitId, reason: "Second reason" });
      await lock.waitForWaiter();
      await waive(lock, booking.visitId, first.id, "First reason");
      await lock.commit();
      await expect(waiving).resolves.toEqual({ status: "WAIVED" });
    } finally {
      await lock.release();
    }
    expect(await db.visit.findUniqueOrThrow({ where: { id: booking.visitId } })).toMatchObject({ waivedReason: "First reason", waivedById: first.id });
    expect(await db.auditEvent.count({ where: { action: "bill.waive", entityId: booking.visitId } })).toBe(0);
  });

  it("voids a charge once when another void of it committed while it waited, adding no replacement", async () => {
    const { clinician, booking } = await completedBilledSession();
    const charge = await db.charge.findFirstOrThrow({ where: { visitId: booking.visitId } });
    const lock = await holdRowLock("Visit", booking.visitId);
    try {
      const voiding = expect(
        callerAs(clinician).billing.voidCharge({ chargeId: charge.id, reason: "Wrong item", replacement: { catalogItemId: telemedId, quantity: 2 } }),
      ).rejects.toMatchObject({ cause: { reason: "already_voided" } });
      await lock.waitForWaiter();
      await lock.query(`UPDATE "Charge" SET "voidedAt" = now(), "voidedById" = $2, "voidReason" = 'Duplicate' WHERE id = $1`, [charge.id, clinician.id]);
      await lock.commit();
      await voiding;
    } finally {
      await lock.release();
    }
    expect(await db.charge.count({ where: { visitId: booking.visitId } })).toBe(1);
  });

  it("stores the status of the bill as it stands after a payment that committed while a session's charge waited", async () => {
    const { clinician, booking } = await bookedConsultation();
    await callerAs(clinician).billing.addCharge({ visitId: booking.visitId, catalogItemId: telemedId, quantity: 1 });
    const doc = callerAs(clinician);
    await doc.sessions.start({ sessionId: booking.sessionId });
    const lock = await holdRowLock("Visit", booking.visitId);
    try {
      const ending = doc.sessions.end({ sessionId: booking.sessionId, addToBill: true });
      await lock.waitForWaiter();
      await lock.query(
        `INSERT INTO "Payment" (id, "visitId", "amountMinor", currency, method, "receivedById", "receivedAt") VALUES ('pay_' || md5(random()::text), $1, 4500, 'USD', 'CASH', $2, now())`,
        [booking.visitId, clinician.id],
      );
      await lock.query(`UPDATE "Visit" SET "paymentStatus" = 'PAID' WHERE id = $1`, [booking.visitId]);
      await lock.commit();
      await expect(ending).resolves.toMatchObject({ charged: true });
    } finally {
      await lock.release();
    }
    expect((await db.visit.findUniqueOrThrow({ where: { id: booking.visitId } })).paymentStatus).toBe("PARTIALLY_PAID");
  });
});

describe("billing: voiding a charge outside one's visits", () => {
  it("answers another clinician's charge exactly as a missing one, and audits the refusal", async () => {
    const { booking, patient } = await completedBilledSession();
    const charge = await db.charge.findFirstOrThrow({ where: { visitId: booking.visitId } });
    const other = await makeClinician();
    const missing = await callerAs(other)
      .billing.voidCharge({ chargeId: "c_does_not_exist_000000000", reason: "Wrong" })
      .catch((e: unknown) => e);
    const someoneElses = await callerAs(other)
      .billing.voidCharge({ chargeId: charge.id, reason: "Wrong" })
      .catch((e: unknown) => e);
    expect(someoneElses).toMatchObject({ code: "NOT_FOUND" });
    expect({ code: (someoneElses as { code: string }).code, message: (someoneElses as Error).message }).toEqual({
      code: (missing as { code: string }).code,
      message: (missing as Error).message,
    });
    expect(await db.charge.findUniqueOrThrow({ where: { id: charge.id } })).toMatchObject({ voidedAt: null });
    expect(await db.auditEvent.count({ where: { entityType: "Charge", entityId: charge.id, patientId: patient.id, actorId: other.id } })).toBe(1);
  });
});
