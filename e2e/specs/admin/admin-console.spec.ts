import { ADMIN_STATS_TID, ADMIN_TID, ADMIN_USERS_TID, CLINIC_HOURS_TID } from "../../../lib/test-ids";
import { expect, signInViaApi, test } from "../../fixtures";
import { rendered } from "../../../tests/helpers/emails";

test.describe("admin console", () => {
  test("an admin filters the audit trail to one patient, verifies the chain and exports it as CSV", async ({ page, seed, db }) => {
    const admin = await seed.admin();
    const patient = await seed.patient();
    await db.auditEvent.create({
      data: {
        action: "visit.read",
        entityType: "Visit",
        entityId: "e2e-visit",
        patientId: patient.patientId,
        actorId: admin.id,
        actorRole: "ADMIN",
        outcome: "SUCCESS",
      },
    });
    await signInViaApi(page, admin);

    await page.goto("/admin/audit");
    // By the patient's name, as an admin knows them; rows show names, not ids.
    await page.getByLabel("Patient", { exact: true }).fill(patient.name.split(" ")[1]!);
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page).toHaveURL(/patient=/);
    const rows = page.getByTestId(ADMIN_TID.auditRow);
    await expect(rows.filter({ hasText: "visit.read" })).toHaveCount(1);
    await expect(rows.filter({ hasText: "e2e-visit" })).toHaveCount(1);
    await expect(rows.filter({ hasText: "visit.read" })).toContainText(patient.name);
    await expect(rows.filter({ hasText: "visit.read" })).toContainText(admin.name);

    await page.getByTestId(ADMIN_TID.auditVerify).click();
    await expect(page.getByTestId(ADMIN_TID.auditVerifyResult)).toHaveAttribute("data-ok", "true");

    const href = await page.getByTestId(ADMIN_TID.auditExport).getAttribute("href");
    const csv = await page.request.get(href!);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(await csv.text()).toContain(",visit.read,Visit,e2e-visit,");
  });

  test("clinic hours: the admin sees the hours in force and is told what is wrong before anything is saved", async ({ page, seed, db }) => {
    // Saving is covered by server/clinic/clinic-hours.int.test.ts: a saved change would move
    // every clinician's free slots under the booking specs running beside this one.
    await signInViaApi(page, await seed.admin());
    await page.goto("/admin");
    await page.getByRole("link", { name: "Clinic hours" }).first().click();
    const form = page.getByTestId(CLINIC_HOURS_TID.form);
    await expect(form).toBeVisible();
    const saved = await db.clinicSettings.findUnique({ where: { id: "clinic" } });
    if (!saved) {
      await expect(page.getByTestId(CLINIC_HOURS_TID.opens)).toHaveValue("08:00");
      await expect(page.getByTestId(CLINIC_HOURS_TID.closes)).toHaveValue("18:00");
      await expect(page.getByTestId(CLINIC_HOURS_TID.slotMinutes)).toHaveValue("20");
      await expect(form.getByRole("checkbox", { name: "Saturday" })).not.toBeChecked();
      await expect(form.getByRole("checkbox", { name: "Monday" })).toBeChecked();
    } else if (saved.closesMinute === 24 * 60) {
      // A time input cannot show 24:00: a clinic that closes at midnight says so in words.
      await expect(page.getByTestId(CLINIC_HOURS_TID.untilMidnight)).toBeChecked();
      await expect(page.getByTestId(CLINIC_HOURS_TID.closes)).toHaveValue("Midnight (24:00)");
      await page.getByTestId(CLINIC_HOURS_TID.untilMidnight).uncheck();
      await expect(page.getByTestId(CLINIC_HOURS_TID.closes)).toHaveValue("18:00");
    }
    await page.getByTestId(CLINIC_HOURS_TID.opens).fill("18:00");
    await page.getByTestId(CLINIC_HOURS_TID.closes).fill("08:00");
    for (const day of ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]) await form.getByRole("checkbox", { name: day }).uncheck();
    await page.getByTestId(CLINIC_HOURS_TID.save).click();
    await expect(form.getByText("The clinic must close after it opens.")).toBeVisible();
    await expect(form.getByText("Choose at least one day the clinic is open.")).toBeVisible();
    await expect(page.getByTestId(CLINIC_HOURS_TID.closes)).toHaveAttribute("aria-invalid", "true");
    expect(await db.auditEvent.count({ where: { action: "clinic.hours.update" } })).toBe(0);
  });

  test('the overview counts in words: "1 consultation" on a day with one, "2 consultations" on a day with two', async ({ page, seed, db }) => {
    const clinician = await seed.clinician();
    const patient = await seed.patient({ clinicianId: clinician.id });
    // Two days of their own, years ahead, that no other spec books on.
    const base = Date.UTC(2031, 0, 1) + Math.floor(Math.random() * 3000) * 2 * 86_400_000;
    const day = (d: number) => new Date(base + d * 86_400_000).toISOString().slice(0, 10);
    const book = async (on: string, hour: number) => {
      const start = new Date(`${on}T${String(hour).padStart(2, "0")}:00:00.000Z`);
      const visit = await db.visit.create({ data: { patientId: patient.patientId!, clinicianId: clinician.id } });
      await db.consultation.create({
        data: {
          clinicianId: clinician.id,
          patientId: patient.patientId!,
          visitId: visit.id,
          scheduledStart: start,
          scheduledEnd: new Date(start.getTime() + 20 * 60_000),
          durationMinutes: 20,
          createdById: clinician.id,
          reminder24hAt: new Date(),
          reminder15mAt: new Date(),
        },
      });
    };
    await book(day(0), 9);
    await book(day(1), 9);
    await book(day(1), 10);
    await signInViaApi(page, await seed.admin());
    const completedHint = page.getByTestId(ADMIN_STATS_TID.statsFigure).and(page.locator('[data-figure="completed"]'));
    await page.goto(`/admin?from=${day(0)}&to=${day(0)}`);
    await expect(completedHint).toContainText(/0 of 1 consultation$/);
    await page.goto(`/admin?from=${day(1)}&to=${day(1)}`);
    await expect(completedHint).toContainText(/0 of 2 consultations$/);
  });

  test("a clinician cannot download the audit trail", async ({ page, seed }) => {
    await signInViaApi(page, await seed.clinician());
    expect((await page.request.get("/api/admin/audit.csv")).status()).toBe(403);
  });

  test("an admin invites a clinician, who sets a password through the emailed link", async ({ page, seed, db }) => {
    const admin = await seed.admin();
    await signInViaApi(page, admin);
    const email = `invitee-${Date.now()}@e2e.test`;
    await page.goto("/admin/users");
    await page.getByLabel("Name").fill("Dr Invitee");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect(page.getByTestId(ADMIN_USERS_TID.usersNotice)).toContainText("Invitation sent");
    await expect(page.locator(`[data-testid="${ADMIN_USERS_TID.staffRow}"][data-email="${email}"]`)).toHaveAttribute("data-status", "INVITED");

    const mail = await rendered(db.emailMessage.findFirstOrThrow({ where: { to: email, template: "staff-invitation" } }));
    const link = mail.text.match(/https?:\/\/\S+\/set-password\/[A-Za-z0-9_-]+/)![0];
    await page.context().clearCookies();
    await page.goto(new URL(link).pathname);
    await page.getByLabel("New password").fill("a-long-enough-secret");
    await page.getByLabel("Type it again").fill("a-long-enough-secret");
    await page.getByRole("button", { name: "Set password" }).click();
    await expect(page).toHaveURL(/\/signin\?reason=password-set/);
    await page.goto(new URL(link).pathname);
    await expect(page.getByText("This link has expired or was already used")).toBeVisible();
  });

  test("the overview shows the statistics for the chosen range", async ({ page, seed }) => {
    await signInViaApi(page, await seed.admin());
    await page.goto("/admin");
    await expect(page.getByTestId(ADMIN_STATS_TID.statsSessionsChart)).toBeVisible();
    await expect(page.locator(`[data-figure="completed"]`)).toBeVisible();
    await expect(page.getByTestId(ADMIN_STATS_TID.statsClinicians)).toBeVisible();
  });
});
