// The "More actions" menu of an upcoming consultation on the clinician's home: it is loaded
// only when pressed (bench/pages), so this checks that the first press opens it, that its
// dialogs work, and that a cancellation lands and is confirmed by a toast (also lazily loaded).
import { expect, signInViaApi, test } from "../../fixtures";
import { bookConsultation } from "../../fixtures/notifications";

test.describe("consultation actions", () => {
  test("a clinician opens the menu with one press, looks at rescheduling, then cancels with a reason", async ({ page, seed, db }) => {
    const clinician = await seed.clinician("Rosa Park");
    const patient = await seed.patient({ clinicianId: clinician.id, given: "Ines", family: "Lopez" });
    const booked = await bookConsultation(db, { clinicianId: clinician.id, patientId: patient.patientId!, startInMinutes: 120 });
    await signInViaApi(page, clinician);
    await page.goto("/clinician");

    await page.getByRole("button", { name: "More actions" }).click();
    await expect(page.getByRole("menuitem", { name: "Reschedule…" })).toBeVisible();
    await page.getByRole("menuitem", { name: "Reschedule…" }).click();
    const reschedule = page.getByRole("dialog", { name: "Reschedule consultation" });
    await expect(reschedule.getByLabel("Duration (minutes)")).toHaveValue("20");
    await page.keyboard.press("Escape");
    await expect(reschedule).toBeHidden();

    await page.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: "Cancel consultation…" }).click();
    const cancel = page.getByRole("dialog", { name: "Cancel consultation" });
    await cancel.getByLabel("Reason").fill("The patient asked to move to next week.");
    await cancel.getByRole("button", { name: "Cancel consultation" }).click();

    await expect(page.locator("[data-sonner-toast]").filter({ hasText: "Consultation cancelled. The patient has been told." })).toBeVisible();
    await expect.poll(async () => (await db.consultation.findUnique({ where: { id: booked.consultationId } }))?.status).toBe("CANCELLED");
  });
});
