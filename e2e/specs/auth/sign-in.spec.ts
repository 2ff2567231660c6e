import { TID } from "../../../lib/test-ids";
import { expect, signInViaApi, test } from "../../fixtures";
import { SignInPage } from "../../pages/sign-in-page";

test.describe("signing in", () => {
  for (const role of ["clinician", "patient", "admin"] as const) {
    test(`a ${role} signs in with a password and lands on the ${role} home`, async ({ page, seed }) => {
      const user = role === "clinician" ? await seed.clinician() : role === "admin" ? await seed.admin() : await seed.patient();
      const signIn = new SignInPage(page);
      await signIn.goto();
      await signIn.signIn(user.email, user.password);
      await expect(page).toHaveURL(new RegExp(`/${role}$`));
      await expect(page.getByTestId(TID.roleHome)).toHaveAttribute("data-role", role);
      await expect(page.getByTestId(TID.userMenu)).toContainText(user.name);
    });
  }

  test("a wrong password shows a clear error and keeps the person on the sign-in page", async ({ page, seed }) => {
    const user = await seed.clinician();
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.signIn(user.email, "not-the-password");
    await expect(signIn.error()).toContainText("do not match an active account");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("an anonymous visit to a protected page goes to sign-in and returns there afterwards", async ({ page, seed }) => {
    const user = await seed.clinician();
    await page.goto("/clinician/patients");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fclinician%2Fpatients/);
    await new SignInPage(page).signIn(user.email, user.password);
    await expect(page).toHaveURL(/\/clinician\/patients$/);
  });

  test("signing out ends the session on the server: the old cookie no longer opens pages", async ({ page, browser, seed }) => {
    const user = await seed.clinician();
    await signInViaApi(page, user);
    await page.goto("/clinician");
    const cookies = await page.context().cookies();
    await page.getByTestId(TID.signOut).click();
    await expect(page).toHaveURL(/\/signin\?reason=signed-out/);

    const replay = await browser.newContext();
    await replay.addCookies(cookies);
    const other = await replay.newPage();
    await other.goto("/clinician");
    await expect(other).toHaveURL(/\/signin/);
    await replay.close();
  });

  test("deactivating an account signs it out at once", async ({ page, seed, db }) => {
    const user = await seed.clinician();
    await signInViaApi(page, user);
    await page.goto("/clinician");
    await expect(page.getByTestId(TID.roleHome)).toBeVisible();
    await db.user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });
    // The open page may notice first and go to sign-in itself, which aborts the reload (a CI
    // run saw exactly that): either way the person ends up signed out.
    await page.reload().catch((error: unknown) => {
      if (!String(error).includes("ERR_ABORTED")) throw error;
    });
    await expect(page).toHaveURL(/\/signin/);
  });
});
