// The phone bottom bar's "More" sheet (an admin has more sections than the bar holds). It is
// loaded only when reached for, so: the first press opens it, its links work, and Escape
// closes it with the focus back on the button.
import { expect, signInViaApi, test } from "../../fixtures";

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

test("on a phone, More opens at the first press, lists the other sections, and closes back to its button", async ({ page, seed }) => {
  const admin = await seed.admin();
  await signInViaApi(page, admin);
  await page.goto("/admin");

  // By CSS: while the sheet is open, the rest of the page is hidden from the accessibility tree.
  const more = page.locator('[data-slot="bottom-nav"] button[aria-haspopup="dialog"]');
  await expect(more).toHaveAccessibleName("More");
  await more.click();
  const sheet = page.getByRole("dialog", { name: "More" });
  await expect(sheet).toBeVisible();
  await expect(more).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("Escape");
  await expect(sheet).toBeHidden();
  await expect(more).toBeFocused();

  await more.click();
  await sheet.getByRole("link", { name: "Audit trail" }).click();
  await expect(page).toHaveURL(/\/admin\/audit$/);
  await expect(sheet).toBeHidden();
});
