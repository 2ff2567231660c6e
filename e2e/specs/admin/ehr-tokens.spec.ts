import { FHIR_TID } from "../../../lib/test-ids";
import { expect, signInViaApi, test } from "../../fixtures";

test.describe("EHR connections (FHIR R4 API)", () => {
  test("an admin issues an EHR token, the EHR reads a patient with it, the page shows its last use, and revoking it stops it", async ({
    page,
    seed,
    request,
  }) => {
    const admin = await seed.admin();
    const patient = await seed.patient();
    await signInViaApi(page, admin);

    await page.goto("/admin/integrations");
    const card = page.getByTestId(FHIR_TID.ehrTokens);
    const name = `Riverside EHR ${Date.now()}`;
    // The form is a client component: typing before React hydrates it is lost, so type until the button takes it.
    await expect(async () => {
      await card.getByTestId(FHIR_TID.ehrTokenName).fill(name);
      await expect(card.getByTestId(FHIR_TID.ehrTokenIssue)).toBeEnabled({ timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await card.getByTestId(FHIR_TID.ehrTokenIssue).click();
    const secret = page.getByTestId(FHIR_TID.ehrTokenSecret);
    await expect(secret).toContainText("bfh_");
    const token = (await secret.textContent())!.trim();
    await page.getByRole("button", { name: "Done" }).click();
    const row = card.getByTestId(FHIR_TID.ehrTokenRow).filter({ hasText: name });
    await expect(row).toContainText("Never used");

    // The EHR: no browser session, only the bearer token.
    const read = await request.get(`/api/fhir/R4/Patient/${patient.patientId}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(read.status()).toBe(200);
    expect(read.headers()["content-type"]).toContain("application/fhir+json");
    expect(await read.json()).toMatchObject({ resourceType: "Patient", id: patient.patientId });

    await page.reload();
    await expect(row).toContainText("Last used");
    await row.getByTestId(FHIR_TID.ehrTokenRevoke).click();
    await expect(row).toContainText("Revoked");

    const refused = await request.get(`/api/fhir/R4/Patient/${patient.patientId}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(refused.status()).toBe(401);
    expect(await refused.json()).toMatchObject({ resourceType: "OperationOutcome", issue: [{ code: "login" }] });
  });
});
