import { TID } from "../../../lib/test-ids";
import { expect, signInViaApi, test } from "../../fixtures";
import { VitalsPage } from "../../pages/vitals-page";
import { subscribedTo } from "../../fixtures/realtime";

// The patient's home renders its reads on the server and refreshes them on the patient's
// channel (no tRPC client there): a clinician's request must still appear and go live.
test("a clinician's request for vitals appears on the patient's home as it is made and goes when withdrawn, and the link opens the form", async ({
  browser,
  page,
  seed,
  db,
}) => {
  const clinician = await seed.clinician("Dr Banner");
  const patient = await seed.patient({ clinicianId: clinician.id });
  await db.visit.create({ data: { patientId: patient.patientId!, clinicianId: clinician.id } });

  await signInViaApi(page, clinician);
  const clinicianView = new VitalsPage(page);
  await clinicianView.openAsClinician(patient.patientId!);

  const patientContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const patientPage = await patientContext.newPage();
  await signInViaApi(patientPage, patient);
  const patientLive = subscribedTo(patientPage, `private-patient-${patient.patientId}`);
  await patientPage.goto("/patient");
  await expect(patientPage.getByTestId(TID.roleHome)).toBeVisible();
  await patientLive;
  const banner = patientPage.getByTestId(TID.vitalsRequestPrompt);
  await expect(banner).toHaveCount(0);

  await page.getByTestId(TID.vitalsRequestButton).click();
  await expect(banner).toBeVisible({ timeout: 3_000 });
  await expect(banner).toContainText("Dr Banner asked you to take your vitals now");

  await page.getByRole("button", { name: "Withdraw" }).click();
  await expect(banner).toHaveCount(0, { timeout: 3_000 });

  await page.getByTestId(TID.vitalsRequestButton).click();
  await expect(banner).toBeVisible({ timeout: 3_000 });
  await banner.getByRole("link", { name: "Enter readings" }).click();
  await expect(patientPage).toHaveURL(/\/patient\/vitals$/);
  await expect(patientPage.getByTestId(TID.vitalsEntryForm)).toBeVisible();
  await patientContext.close();
});
