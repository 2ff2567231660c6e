import { TID } from "../../../lib/test-ids";
import { expect, signInViaApi, test } from "../../fixtures";

test.describe("staff idle logoff (controlled clock)", () => {
  test("a clinician is warned at 13 minutes and signed out after 15 minutes without activity", async ({ page, seed }) => {
    const user = await seed.clinician();
    await page.clock.install();
    await signInViaApi(page, user);
    await page.goto("/clinician");
    await expect(page.locator("html[data-idle-timeout-ms]")).toHaveAttribute("data-idle-timeout-ms", String(15 * 60_000));

    await page.clock.runFor("12:30");
    await expect(page.getByTestId(TID.idleWarning)).toBeHidden();
    await page.clock.runFor("01:00");
    await expect(page.getByTestId(TID.idleWarning)).toBeVisible();

    await page.clock.runFor("02:00");
    await expect(page).toHaveURL(/\/signin\?reason=idle/);
    await expect(page.getByTestId(TID.signinNotice)).toContainText("signed out after 15 minutes");

    // The session is gone on the server too, not just in this tab.
    await page.goto("/clinician");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("activity resets the idle timer", async ({ page, seed }) => {
    const user = await seed.clinician();
    await page.clock.install();
    await signInViaApi(page, user);
    await page.goto("/clinician");
    await expect(page.locator("html[data-idle-timeout-ms]")).toBeAttached();
    await page.clock.runFor("14:00");
    await expect(page.getByTestId(TID.idleWarning)).toBeVisible();
    await page.getByRole("button", { name: "Stay signed in" }).click();
    await expect(page.getByTestId(TID.idleWarning)).toBeHidden();
    await page.clock.runFor("10:00");
    await expect(page).toHaveURL(/\/clinician$/);
  });

  test("patients are not signed out for inactivity", async ({ page, seed }) => {
    const user = await seed.patient();
    await page.clock.install();
    await signInViaApi(page, user);
    await page.goto("/patient");
    await expect(page.getByTestId(TID.roleHome)).toBeVisible();
    await expect(page.locator("html[data-idle-timeout-ms]")).not.toBeAttached();
    await page.clock.runFor("20:00");
    await expect(page).toHaveURL(/\/patient$/);
    await expect(page.getByTestId(TID.idleWarning)).toBeHidden();
  });
});
