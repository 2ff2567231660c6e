// Issue 8's flow in Chromium: the clinician ends a call with "add to bill" → the patient's
// bill shows the telemedicine line with its price → an admin records the payment → the
// visit shows PAID on both sides.
import { TID } from "../../../lib/test-ids";
import { expect, signInViaApi, test } from "../../fixtures";
import { seedVideoSession } from "../../fixtures/video-seed";
import { SessionRoomPage } from "../../pages/session-room-page";

test("ending with add-to-bill charges TELEMED-001 once; an admin's payment marks the visit paid for everyone", async ({ browser, seed, db }) => {
  test.setTimeout(90_000);
  const clinician = await seed.clinician("Lukas Berg");
  const patient = await seed.patient({ clinicianId: clinician.id, given: "Peter", family: `Novak${Date.now() % 10000}` });
  const admin = await seed.admin();
  const session = await seedVideoSession(db, { clinician, patient });
  const [docCtx, patCtx, adminCtx] = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
  try {
    const doc = await docCtx.newPage();
    await signInViaApi(doc, clinician);
    await doc.goto(`/session/${session.id}`);
    const room = new SessionRoomPage(doc);
    await room.passDeviceCheck();
    await expect(room.call.room()).toBeVisible();
    // Before anything is charged the visit owes nothing: "Nothing charged", in the visit and in the list.
    const pat = await patCtx.newPage();
    await signInViaApi(pat, patient);
    await pat.goto(`/visits/${session.visitId}`);
    await expect(pat.locator("#main-content").getByTestId("visit-payment-status")).toHaveText("Nothing charged");
    const listed = pat.locator(`a[href="/visits/${session.visitId}"]`).getByTestId("visit-payment-status");
    await pat.goto("/patient/visits");
    await expect(listed).toHaveText("Nothing charged");

    await room.end("Reviewed blood pressure log.", true);
    await expect(room.completed()).toBeVisible();

    await pat.goto(`/visits/${session.visitId}`);
    // In the page's main content: a Suspense boundary that a live update re-rendered on the
    // client before the server's streamed copy arrived leaves that copy, hidden, at the end of the
    // document (React's behaviour), which the plain test id would also match.
    const bill = pat.locator("#main-content").getByTestId(TID.visitBill);
    await expect(bill).toContainText("TELEMED-001 · Telemedicine consultation");
    await expect(bill).toContainText("$45.00");
    await expect(pat.locator("#main-content").getByTestId("visit-payment-status")).toHaveText("Unpaid");
    // The patient cannot change their own bill.
    await expect(bill.getByTestId("record-payment")).toHaveCount(0);
    await pat.goto("/patient/visits");
    await expect(listed).toHaveText("Unpaid");

    const adm = await adminCtx.newPage();
    await signInViaApi(adm, admin);
    await adm.goto(`/visits/${session.visitId}`);
    await adm.getByTestId("record-payment").click();
    await adm.getByTestId("payment-amount").fill("45.00");
    await adm.getByTestId("payment-submit").click();
    await expect(adm.locator("#main-content").getByTestId("visit-payment-status")).toHaveText("Paid");

    await pat.goto(`/visits/${session.visitId}`);
    await expect(pat.locator("#main-content").getByTestId("visit-payment-status")).toHaveText("Paid");
    await doc.goto(`/visits/${session.visitId}`);
    await expect(doc.locator("#main-content").getByTestId("visit-payment-status")).toHaveText("Paid");
    await pat.goto(`/visits/${session.visitId}/invoice`);
    await expect(pat.getByTestId("invoice-balance")).toHaveText("$0.00");
    expect(await db.charge.count({ where: { sessionId: session.id, code: "TELEMED-001" } })).toBe(1);
  } finally {
    await Promise.all([docCtx.close(), patCtx.close(), adminCtx.close()]);
  }
});
