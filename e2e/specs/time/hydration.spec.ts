// Issue 18 item 6, "one clock": the server renders each time as the viewer's browser will, so
// React's hydration finds the same text and logs no mismatch. The join path has its own check
// (patient-path/two-click-join.spec.ts); these are the home pages, each with a booked time on
// it, seen from a browser in New York (the server runs in UTC; the accounts say nothing).
import type { Page } from "@playwright/test";
import { expect, signInViaApi, test } from "../../fixtures";
import { bookConsultation } from "../../fixtures/notifications";

const HYDRATION = /hydrat|error #4(18|19|23|25)/i;

function watchHydration(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && HYDRATION.test(m.text())) errors.push(m.text());
  });
  page.on("pageerror", (e) => {
    if (HYDRATION.test(e.message)) errors.push(e.message);
  });
  return errors;
}

/** Loads `path` and waits until React has hydrated it (a client-only marker and the network settle). */
async function visit(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
}

test.describe("no hydration mismatch on the home pages (browser in New York, server in UTC)", () => {
  test.use({ timezoneId: "America/New_York" });

  test("clinician home, patient home and admin overview each hydrate without a mismatch", async ({ browser, seed, db }) => {
    test.setTimeout(90_000);
    const clinician = await seed.clinician("Hydra Clinician");
    const patient = await seed.patient({ clinicianId: clinician.id, given: "Hydra" });
    // A booked time on both homes: the text that differed between server and browser.
    await bookConsultation(db, { clinicianId: clinician.id, patientId: patient.patientId!, startInMinutes: 90 });
    const admin = await seed.admin();

    for (const [who, path, expectText] of [
      [clinician, "/clinician", /Hydra/],
      [patient, "/patient", /Hydra Clinician/],
      [admin, "/admin", /Clinicians/],
    ] as const) {
      const context = await browser.newContext({ timezoneId: "America/New_York" });
      try {
        const page = await context.newPage();
        const errors = watchHydration(page);
        await signInViaApi(page, who);
        await visit(page, path);
        await expect(page.locator("#main-content")).toContainText(expectText);
        // The booked time is shown in the viewer's zone, already in the server's HTML.
        if (path !== "/admin") await expect(page.locator("#main-content")).toContainText(/E[SD]T/);
        expect(errors, `${path}: no hydration mismatch`).toEqual([]);
      } finally {
        await context.close();
      }
    }
  });
});
