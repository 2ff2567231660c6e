import { TID } from "../../../lib/test-ids";
import { expect, test } from "../../fixtures";
import { SignInPage } from "../../pages/sign-in-page";

test.describe("magic-link sign-in", () => {
  test("a patient signs in from the emailed link without a password, and the link works only once", async ({ page, seed, browser }) => {
    const patient = await seed.patient();
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.requestMagicLink(patient.email);
    await expect(page).toHaveURL(/\/signin\/check-email/);

    await page.goto(`/dev/mailbox?to=${encodeURIComponent(patient.email)}`);
    const frame = page.frameLocator('[data-testid="mailbox-message"]');
    const link = frame.getByRole("link", { name: "Sign in" });
    const href = await link.getAttribute("href");
    expect(href).toContain("/api/auth/callback/email");
    await link.click();
    await expect(page).toHaveURL(/\/patient$/);
    await expect(page.getByTestId(TID.roleHome)).toHaveAttribute("data-role", "patient");

    const other = await browser.newContext();
    const second = await other.newPage();
    await second.goto(href!);
    await expect(second).toHaveURL(/\/signin/);
    await expect(second.getByTestId(TID.signinError)).toContainText("expired or was already used");
    await other.close();
  });

  test("asking for a link for an unknown address looks the same and sends nothing", async ({ page, db }) => {
    const email = `ghost-${Date.now()}@e2e.test`;
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.requestMagicLink(email);
    await expect(page).toHaveURL(/\/signin\/check-email/);
    expect(await db.emailMessage.count({ where: { to: email } })).toBe(0);
  });
});
