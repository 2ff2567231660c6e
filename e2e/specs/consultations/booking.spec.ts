// Issue 18 part B: booking that fits a clinic day. The dialog shows the clinician's free slots
// (day and week), starts on the next free slot, asks which visit the booking belongs to (a new
// one with its reason, or an open one shown by its reason), names what a refused time clashes
// with, and says what is missing. Screenshots of the dialog on a laptop and a phone go into
// the report.
import type { Page, TestInfo } from "@playwright/test";
import { TID } from "../../../lib/test-ids";
import { expectAccessible } from "../../a11y";
import { expect, signInViaApi, test } from "../../fixtures";

const pad = (n: number) => String(n).padStart(2, "0");
// The browser runs in UTC here (test.use below), like the seeded clinician's zone.
const utcDate = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const utcTime = (d: Date) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
const clock = (d: Date) => new Intl.DateTimeFormat("en-US", { timeZone: "UTC", hour: "numeric", minute: "2-digit" }).format(d);

async function attachScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name.replace(/[^a-z0-9]+/gi, "-")}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

async function openDialog(page: Page) {
  await page.getByTestId(TID.bookConsultation).click();
  const dialog = page.getByRole("dialog", { name: "Book a video consultation" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId(TID.bookSlot).first()).toBeVisible({ timeout: 15_000 });
  return dialog;
}

async function choosePatient(page: Page, name: RegExp) {
  await page.getByTestId(TID.bookPatient).click();
  await page.getByRole("option", { name }).click();
}

/** The first free slot the dialog offers (day view, first day with a free slot). */
async function firstFreeSlot(page: Page) {
  const iso = await page.getByTestId(TID.bookSlot).and(page.locator('[data-status="free"]')).first().getAttribute("data-start");
  return new Date(iso!);
}

test.describe("booking dialog (issue 18)", () => {
  test.use({ timezoneId: "UTC", viewport: { width: 1366, height: 850 } });

  test("starts on the next free slot, names the clash, and books into the visit chosen explicitly", async ({ page, seed, db }, testInfo) => {
    test.setTimeout(120_000);
    const clinician = await seed.clinician("Amara Okafor");
    const jane = await seed.patient({ clinicianId: clinician.id, given: "Jane", family: "Doe" });
    await seed.patient({ clinicianId: clinician.id, given: "Maria", family: "Garcia" });
    await signInViaApi(page, clinician);
    await page.goto("/clinician");

    // 1. The default is the next free slot of the clinic day (not "now + 15 min").
    let dialog = await openDialog(page);
    const first = await firstFreeSlot(page);
    await expect(page.getByTestId(TID.bookDate)).toHaveValue(utcDate(first));
    await expect(page.getByTestId(TID.bookTime)).toHaveValue(utcTime(first));
    await expect(page.getByTestId(TID.bookDuration)).toHaveValue("20");
    await choosePatient(page, /Doe, Jane/);
    // A new visit by default, said so; Jane has no open visit yet.
    const visits = dialog.getByTestId(TID.bookVisit);
    await expect(visits.getByRole("radio", { name: /A new visit/ })).toBeChecked();
    await expect(visits).toContainText("No open visit with this patient.");
    await page.getByTestId(TID.bookReason).fill("Dizziness");
    await attachScreenshot(page, testInfo, "booking dialog on a laptop (1366×850)");
    await expectAccessible(page, testInfo, "booking dialog");
    await page.getByTestId(TID.bookSubmit).click();
    await expect(dialog).toBeHidden();
    const janeFirst = await db.consultation.findFirstOrThrow({ where: { patientId: jane.patientId! }, include: { visit: true } });
    expect(janeFirst.scheduledStart.toISOString()).toBe(first.toISOString());
    expect(janeFirst.visit.chiefComplaint).toBe("Dizziness");

    // 2. Reopened: the default moves to the next free slot, and that slot shows as booked on
    // its day. (Booked late in the evening it was the day's last free slot, and the dialog
    // opens on the next day that has one: the CI run at 23:40 UTC booked 23:40.)
    dialog = await openDialog(page);
    const second = await firstFreeSlot(page);
    expect(second.getTime()).toBeGreaterThanOrEqual(first.getTime() + 20 * 60_000);
    await expect(page.getByTestId(TID.bookDate)).toHaveValue(utcDate(second));
    await expect(page.getByTestId(TID.bookTime)).toHaveValue(utcTime(second));
    await dialog
      .getByRole("group", { name: "Day" })
      .locator(`[data-date="${utcDate(first)}"]`)
      .click();
    await expect(page.getByTestId(TID.bookSlot).and(page.locator(`[data-start="${first.toISOString()}"]`))).toHaveAttribute("data-status", "booked");

    // 3. Maria ten minutes into Jane's slot: refused, naming Jane and her time.
    await choosePatient(page, /Garcia, Maria/);
    const clash = new Date(first.getTime() + 10 * 60_000);
    await page.getByTestId(TID.bookDate).fill(utcDate(clash));
    await page.getByTestId(TID.bookTime).fill(utcTime(clash));
    await page.getByTestId(TID.bookSubmit).click();
    const refusal = dialog.getByTestId(TID.bookError);
    await expect(refusal).toContainText(`That time clashes with Jane Doe`);
    await expect(refusal).toContainText(`${clock(first)}–${clock(new Date(first.getTime() + 20 * 60_000))} UTC`);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();

    // 4. Jane again, into her open visit, chosen by its reason.
    dialog = await openDialog(page);
    await choosePatient(page, /Doe, Jane/);
    const openVisit = dialog.getByRole("radio", { name: /Add to the open visit Dizziness/ });
    await expect(openVisit).toBeVisible();
    await openVisit.check();
    await page.getByTestId(TID.bookReason).fill("Dizziness follow-up");
    await page.getByTestId(TID.bookSubmit).click();
    await expect(dialog).toBeHidden();
    const janeBookings = await db.consultation.findMany({ where: { patientId: jane.patientId! }, orderBy: { scheduledStart: "asc" } });
    expect(janeBookings).toHaveLength(2);
    expect(janeBookings[1]!.visitId).toBe(janeFirst.visitId);
    expect(janeBookings[1]!.scheduledStart.toISOString()).toBe(second.toISOString());

    // The visit shows each booking's reason.
    await page.goto(`/visits/${janeFirst.visitId}`);
    await expect(page.getByTestId(TID.visitSessionReason)).toHaveText(["Dizziness", "Dizziness follow-up"]);
  });

  test("says what is missing: the patient, the date and time", async ({ page, seed }, testInfo) => {
    const clinician = await seed.clinician("Amara Okafor");
    await seed.patient({ clinicianId: clinician.id, given: "Jane", family: "Doe" });
    await signInViaApi(page, clinician);
    await page.goto("/clinician");
    const dialog = await openDialog(page);
    await page.getByTestId(TID.bookDate).fill("");
    // Book is not silently disabled: pressing it says what is missing.
    await expect(page.getByTestId(TID.bookSubmit)).toBeEnabled();
    await page.getByTestId(TID.bookSubmit).click();
    await expect(dialog).toContainText("Choose a patient.");
    await expect(dialog).toContainText("Choose a date and time.");
    await expect(dialog).not.toContainText("Choose a time in the future");
    await expect(page.getByTestId(TID.bookPatient)).toHaveAttribute("aria-invalid", "true");

    // The week at a glance.
    await dialog.getByRole("button", { name: "Week", exact: true }).click();
    await expect(dialog.getByRole("button", { name: "Week", exact: true })).toHaveAttribute("aria-pressed", "true");
    await attachScreenshot(page, testInfo, "booking dialog, week view, missing fields (laptop)");
  });

  test.describe("on a phone", () => {
    test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    test("the dialog fits the phone and picks a slot by tap", async ({ page, seed }, testInfo) => {
      const clinician = await seed.clinician("Amara Okafor");
      await seed.patient({ clinicianId: clinician.id, given: "Jane", family: "Doe" });
      await signInViaApi(page, clinician);
      await page.goto("/clinician");
      const dialog = await openDialog(page);
      const slots = page.getByTestId(TID.bookSlot).and(page.locator('[data-status="free"]'));
      const count = await slots.count();
      const pick = slots.nth(Math.min(2, count - 1));
      const start = new Date((await pick.getAttribute("data-start"))!);
      await pick.tap();
      await expect(pick).toHaveAttribute("aria-pressed", "true");
      await expect(page.getByTestId(TID.bookTime)).toHaveValue(utcTime(start));
      const box = (await dialog.boundingBox())!;
      expect(box.width).toBeLessThanOrEqual(390);
      await attachScreenshot(page, testInfo, "booking dialog on a phone (390×844)");
      await expectAccessible(page, testInfo, "booking dialog on a phone");
    });
  });
});
