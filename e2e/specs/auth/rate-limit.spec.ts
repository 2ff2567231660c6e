import { expect, test } from "../../fixtures";
import { SignInPage } from "../../pages/sign-in-page";

test.describe("sign-in rate limiting", () => {
  test("after five failed attempts the sixth is refused with 429 and a clear message, even with the right password", async ({ page, seed }) => {
    const user = await seed.clinician();
    const signIn = new SignInPage(page);
    await signIn.goto();
    for (let i = 0; i < 5; i++) {
      await signIn.signIn(user.email, `wrong-${i}`);
      await expect(signIn.error()).toContainText("do not match");
    }
    const res = await signIn.signIn(user.email, user.password);
    expect(res.status()).toBe(429);
    expect(Number(res.headers()["retry-after"])).toBeGreaterThan(0);
    await expect(signIn.error()).toContainText("Too many sign-in attempts");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("an unknown email is limited exactly like a known one (no account enumeration)", async ({ page }) => {
    const email = `nobody-${Date.now()}-${Math.random().toString(36).slice(2)}@e2e.test`;
    const signIn = new SignInPage(page);
    await signIn.goto();
    for (let i = 0; i < 5; i++) {
      await signIn.signIn(email, `wrong-${i}`);
      await expect(signIn.error()).toContainText("do not match");
    }
    await signIn.signIn(email, "again");
    await expect(signIn.error()).toContainText("Too many sign-in attempts");
  });
});
