import { TID } from "../../../lib/test-ids";
import { expect, signInViaApi, test } from "../../fixtures";

test.describe("each role stays in its own area", () => {
  test("a patient opening admin and clinician pages is refused", async ({ page, seed }) => {
    const patient = await seed.patient();
    await signInViaApi(page, patient);
    for (const path of ["/admin", "/clinician", "/clinician/patients"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(403);
      await expect(page.getByTestId(TID.forbidden)).toBeVisible();
    }
    await page.goto("/patient");
    await expect(page.getByTestId(TID.roleHome)).toHaveAttribute("data-role", "patient");
  });

  test("a clinician cannot open the admin console, and an admin cannot open the clinician area", async ({ page, seed, browser }) => {
    const clinician = await seed.clinician();
    await signInViaApi(page, clinician);
    expect((await page.goto("/admin"))?.status()).toBe(403);

    // The admin in their own browser (a late response in the clinician's tab could set its cookie again).
    const adminContext = await browser.newContext();
    try {
      const adminPage = await adminContext.newPage();
      await signInViaApi(adminPage, await seed.admin());
      expect((await adminPage.goto("/clinician"))?.status()).toBe(403);
      expect((await adminPage.goto("/admin"))?.status()).toBe(200);
    } finally {
      await adminContext.close();
    }
  });

  test("a patient calling a staff-only API gets FORBIDDEN, and the refusal is audited", async ({ page, seed, db }) => {
    const patient = await seed.patient();
    await signInViaApi(page, patient);
    const res = await page.request.get("/api/trpc/patients.list?input=" + encodeURIComponent(JSON.stringify({ json: {} })));
    expect(res.status()).toBe(403);
    await expect.poll(() => db.auditEvent.count({ where: { actorId: patient.id, action: "rpc.patients.list", outcome: "DENIED" } })).toBe(1);
  });
});
