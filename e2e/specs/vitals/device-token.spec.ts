// Connecting a device from the vitals page: the token dialog (Radix Dialog, loaded the first
// time it opens) shows the token once, and closes with Done.
import { TID } from "../../../lib/test-ids";
import { expect, signInViaApi, test } from "../../fixtures";

test("a clinician connects a device: the token is shown once in a dialog, and the device is listed", async ({ page, seed }) => {
  const clinician = await seed.clinician();
  const patient = await seed.patient({ clinicianId: clinician.id });
  await signInViaApi(page, clinician);
  // The device list's first load is read by the server at once but reaches the page only after
  // the device has been connected: a clinician who connects one before the list has loaded
  // must still see it listed (the refetch after connecting used to join that first load and
  // show the list as it was before).
  let releaseList!: () => void;
  const listHeld = new Promise<void>((resolve) => (releaseList = resolve));
  await page.route(
    /\/api\/trpc\/[^?]*vitals\.devices\.list/,
    async (route) => {
      // Read by the server now (no device yet), delivered once the device is connected.
      const response = await route.fetch();
      await listHeld;
      await route.fulfill({ response });
    },
    { times: 1 },
  );
  await page.goto(`/clinician/patients/${patient.patientId}/vitals`);

  await page.getByTestId(TID.vitalsDeviceName).fill("Bedroom pulse oximeter");
  await page.getByTestId(TID.vitalsDeviceIssue).click();
  const dialog = page.getByRole("dialog", { name: "Token for Bedroom pulse oximeter" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId(TID.vitalsDeviceToken)).toHaveText(/\S{20,}/);
  releaseList();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Bedroom pulse oximeter")).toBeVisible();
});
