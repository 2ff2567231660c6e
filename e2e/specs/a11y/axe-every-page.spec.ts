// Issue 18: every page the suite visits, as each role that can see it, scanned with axe-core.
// A serious or critical violation fails; every finding is attached to the report.
import { createHash, randomBytes } from "node:crypto";
import { ADMIN_TID, CLINIC_HOURS_TID, JOIN_TID, TID } from "../../../lib/test-ids";
import { expectAccessible } from "../../a11y";
import { expect, signInViaApi, test } from "../../fixtures";
import { bookConsultation } from "../../fixtures/notifications";
import { seedVideoSession } from "../../fixtures/video-seed";
import { SessionRoomPage } from "../../pages/session-room-page";
import { rendered } from "../../../tests/helpers/emails";

test.describe("accessibility (axe) of every page", () => {
  // Many pages per test, each scanned in full.
  test.describe.configure({ timeout: 240_000 });
  test("signed-out pages: sign-in, check-email, device check, join landing, a dead link, forbidden, not found, mailbox", async ({
    page,
    seed,
    db,
  }, testInfo) => {
    const clinician = await seed.clinician("Axe Okafor");
    const patient = await seed.patient({ clinicianId: clinician.id });
    const visit = await bookConsultation(db, { clinicianId: clinician.id, patientId: patient.patientId!, startInMinutes: 5 });
    const email = await rendered(db.emailMessage.findUniqueOrThrow({ where: { id: visit.patientEmailId } }));
    const href = /https?:\/\/\S+\/join\/[A-Za-z0-9_-]{43}/.exec(email.text)![0];

    for (const [label, url] of [
      ["sign-in", "/signin"],
      ["check your email", "/signin/check-email"],
      ["forbidden", "/forbidden"],
      ["not found", "/no-such-page"],
      ["dead join link", "/join/this-is-not-a-real-token"],
      ["set password (invalid link)", "/set-password/not-a-real-token"],
      ["mailbox", `/dev/mailbox?to=${encodeURIComponent(patient.email)}`],
    ] as const) {
      await page.goto(url);
      await expect(page.locator("main, [role=main]").first()).toBeVisible();
      await expectAccessible(page, testInfo, label);
    }

    // A working invitation link shows the set-password form.
    const invited = await seed.clinician("Axe Invitee");
    const setupToken = randomBytes(32).toString("base64url");
    await db.passwordSetupToken.create({
      data: {
        userId: invited.id,
        tokenHash: createHash("sha256").update(setupToken).digest("hex"),
        purpose: "invite",
        expiresAt: new Date(Date.now() + 864e5),
      },
    });
    await page.goto(`/set-password/${setupToken}`);
    await expect(page.getByLabel("New password")).toBeVisible();
    await expectAccessible(page, testInfo, "set password (valid link)");

    await page.goto("/device-check");
    await expect(page.getByTestId(TID.deviceCheck)).toHaveAttribute("data-status", "ready", { timeout: 20_000 });
    await expectAccessible(page, testInfo, "device check");

    await page.goto(href);
    await expect(page.getByTestId(TID.deviceCheck)).toHaveAttribute("data-status", "ready", { timeout: 20_000 });
    await expectAccessible(page, testInfo, "join landing");
    await page.getByTestId(JOIN_TID.joinSubmit).click();
    await expect(new SessionRoomPage(page).waitingRoom()).toBeVisible({ timeout: 20_000 });
    await expectAccessible(page, testInfo, "waiting room (patient)");
  });

  test("patient pages", async ({ page, seed, db }, testInfo) => {
    const clinician = await seed.clinician("Axe Berg");
    const patient = await seed.patient({ clinicianId: clinician.id });
    const session = await seedVideoSession(db, { clinician, patient, status: "SCHEDULED" });
    await signInViaApi(page, patient);
    for (const [label, url] of [
      ["patient home", "/patient"],
      ["patient visits", "/patient/visits"],
      ["patient vitals", "/patient/vitals"],
      ["visit (patient)", `/visits/${session.visitId}`],
    ] as const) {
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectAccessible(page, testInfo, label);
    }
    await page.goto(`/session/${session.id}`);
    await expect(page.getByTestId(TID.deviceCheck).filter({ visible: true })).toHaveAttribute("data-status", "ready", { timeout: 20_000 });
    await expectAccessible(page, testInfo, "session device check (patient)");
  });

  test("clinician pages, the lobby and the call", async ({ browser, page, seed, db }, testInfo) => {
    const clinician = await seed.clinician("Axe Hopper");
    const patient = await seed.patient({ clinicianId: clinician.id });
    const session = await seedVideoSession(db, { clinician, patient, status: "SCHEDULED" });
    await signInViaApi(page, clinician);
    for (const [label, url] of [
      ["clinician today", "/clinician"],
      ["clinician alerts", "/clinician/alerts"],
      ["clinician patients", "/clinician/patients"],
      ["clinician visits", "/clinician/visits"],
      ["patient vitals (clinician)", `/clinician/patients/${patient.patientId}/vitals`],
      ["visit (clinician)", `/visits/${session.visitId}`],
      ["invoice", `/visits/${session.visitId}/invoice`],
    ] as const) {
      await page.goto(url);
      await expect(page.locator("main").first()).toBeVisible();
      await expectAccessible(page, testInfo, label);
    }

    // The call, both sides.
    const patContext = await browser.newContext();
    try {
      const pat = await patContext.newPage();
      await signInViaApi(pat, patient);
      await pat.goto(`/session/${session.id}`);
      const patRoom = new SessionRoomPage(pat);
      await patRoom.passDeviceCheck();
      await expect(patRoom.waitingRoom()).toBeVisible();

      await page.goto(`/session/${session.id}`);
      const docRoom = new SessionRoomPage(page);
      await docRoom.passDeviceCheck();
      await expect(page.getByTestId(TID.admitButton)).toBeVisible();
      await expectAccessible(page, testInfo, "lobby (clinician)");
      await docRoom.admit();
      await docRoom.call.expectConnectedTo(patient.id);
      await patRoom.call.expectConnectedTo(clinician.id);
      await expectAccessible(page, testInfo, "call (clinician)");
      await expectAccessible(pat, testInfo, "call (patient)");
    } finally {
      await patContext.close();
    }
  });

  test("admin pages", async ({ page, seed }, testInfo) => {
    await signInViaApi(page, await seed.admin());
    for (const [label, url] of [
      ["admin overview", "/admin"],
      ["audit trail", "/admin/audit"],
      ["clinic hours", "/admin/clinic"],
      ["catalog", "/admin/catalog"],
      ["emails", "/admin/emails"],
      ["recordings", "/admin/recordings"],
      ["users", "/admin/users"],
      ["integrations", "/admin/integrations"],
    ] as const) {
      await page.goto(url);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      if (url === "/admin/audit") await expect(page.getByTestId(ADMIN_TID.auditTable)).toBeVisible();
      if (url === "/admin/clinic") await expect(page.getByTestId(CLINIC_HOURS_TID.form)).toBeVisible();
      await expectAccessible(page, testInfo, label);
    }
  });
});
