// Issue 18: from the emailed link to the doctor in two clicks — the email's button, then Join
// on one screen that checks camera and microphone — with Join above the fold on a laptop and
// on a phone. Screenshots of the join screen and the waiting room go into the report.
import type { Page, TestInfo } from "@playwright/test";
import { JOIN_TID, TID } from "../../../lib/test-ids";
import { expect, signInViaApi, test } from "../../fixtures";
import { bookConsultation } from "../../fixtures/notifications";
import { MailboxPage } from "../../pages/join-page";
import { SessionRoomPage } from "../../pages/session-room-page";

const SCREENS = [
  { name: "desktop", viewport: { width: 1366, height: 850 }, isMobile: false, hasTouch: false },
  { name: "phone", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
] as const;

async function attachScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name.replace(/[^a-z0-9]+/gi, "-")}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

for (const screen of SCREENS) {
  test.describe(`on a ${screen.name} (${screen.viewport.width}×${screen.viewport.height})`, () => {
    // The patient's record says Tokyo, but they are in New York this week: their browser decides.
    test.use({ viewport: screen.viewport, isMobile: screen.isMobile, hasTouch: screen.hasTouch, timezoneId: "America/New_York" });

    test("the emailed link lands on one screen with a camera preview and Join above the fold; Join goes straight to the waiting room", async ({
      page,
      seed,
      db,
    }, testInfo) => {
      test.setTimeout(120_000);
      const clinician = await seed.clinician("Amara Okafor");
      const patient = await seed.patient({ clinicianId: clinician.id, given: "Maria" });
      await db.patient.update({ where: { id: patient.patientId! }, data: { timeZone: "Asia/Tokyo" } });
      const visit = await bookConsultation(db, { clinicianId: clinician.id, patientId: patient.patientId!, startInMinutes: 5 });
      const hydrationErrors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" && /hydrat|error #4(18|19|23|25)/i.test(m.text())) hydrationErrors.push(m.text());
      });
      page.on("pageerror", (e) => {
        if (/hydrat|error #4(18|19|23|25)/i.test(e.message)) hydrationErrors.push(e.message);
      });

      const mailbox = new MailboxPage(page);
      await mailbox.open(patient.email);
      const link = mailbox.message().getByRole("link", { name: "Join your video visit" });

      // Click 1: the email's button.
      const clickedAt = Date.now();
      if (screen.hasTouch) await link.tap();
      else await link.click();
      await expect(page).toHaveURL(/\/join\/[A-Za-z0-9_-]{43}$/);
      await expect(page.getByTestId(TID.deviceCheck)).toHaveAttribute("data-status", "ready", { timeout: 20_000 });
      await expect(page.getByTestId(TID.deviceCheckPreview)).toBeVisible();
      const join = page.getByTestId(JOIN_TID.joinSubmit);
      await expect(join).toBeEnabled();
      const box = (await join.boundingBox())!;
      expect(box.y, "Join starts on screen").toBeGreaterThanOrEqual(0);
      expect(
        box.y + box.height,
        `Join's bottom edge (${Math.round(box.y + box.height)} px) is above the fold (${screen.viewport.height} px)`,
      ).toBeLessThanOrEqual(screen.viewport.height);
      // Device choices are folded away, not pushing Join down.
      await expect(page.getByTestId(TID.deviceCheckCamera)).toBeHidden();
      await attachScreenshot(page, testInfo, `join screen (${screen.name})`);
      // One clock: the visit's time in the viewer's zone, named.
      const startsAt = (await db.consultation.findUniqueOrThrow({ where: { id: visit.consultationId } })).scheduledStart;
      const nyTime = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "numeric", minute: "2-digit" }).format(startsAt);
      await expect(page.getByTestId(JOIN_TID.joinDetails)).toContainText(`${nyTime} EST`);

      // Click 2: Join. No second device check and no other click: the waiting room comes up by itself.
      if (screen.hasTouch) await join.tap();
      else await join.click();
      await expect(page).toHaveURL(new RegExp(`/session/${visit.sessionId}$`), { timeout: 30_000 });
      const room = new SessionRoomPage(page);
      await expect(room.waitingRoom()).toBeVisible({ timeout: 20_000 });
      const inWaitingRoomMs = Date.now() - clickedAt;
      await expect(page.getByTestId(TID.deviceCheck)).toHaveCount(0);
      const participant = await db.sessionParticipant.findFirstOrThrow({ where: { sessionId: visit.sessionId, userId: patient.id } });
      expect(participant.arrivedAt).not.toBeNull();
      await attachScreenshot(page, testInfo, `waiting room (${screen.name})`);
      // /session agrees with /join, and the server's HTML already says the same as the page.
      await expect(page.getByTestId(TID.sessionBookedFor)).toContainText(`${nyTime} EST`);
      const html = await (await page.request.get(`/session/${visit.sessionId}`)).text();
      expect(html).toContain(`${nyTime} EST`);
      expect(hydrationErrors).toEqual([]);
      testInfo.annotations.push({ type: "link → waiting room", description: `${inWaitingRoomMs} ms` });
      console.log(
        `[figures] ${screen.name}: email link click → in the waiting room: ${inWaitingRoomMs} ms (includes the test's own checks on the join screen)`,
      );
    });
  });
}

test("the clinician admits the patient who came by the emailed link, and both see each other", async ({ browser, seed, db }, testInfo) => {
  test.setTimeout(120_000);
  const clinician = await seed.clinician("Lena Fischer");
  const patient = await seed.patient({ clinicianId: clinician.id, given: "Tom" });
  const visit = await bookConsultation(db, { clinicianId: clinician.id, patientId: patient.patientId!, startInMinutes: 3 });
  const [docContext, patContext] = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const [doc, pat] = await Promise.all([docContext.newPage(), patContext.newPage()]);
    await new MailboxPage(pat).open(patient.email);
    const linkClickedAt = Date.now();
    await new MailboxPage(pat).message().getByRole("link", { name: "Join your video visit" }).click();
    await expect(pat.getByTestId(JOIN_TID.joinSubmit)).toBeEnabled({ timeout: 20_000 });
    await pat.getByTestId(JOIN_TID.joinSubmit).click();
    const patRoom = new SessionRoomPage(pat);
    await expect(patRoom.waitingRoom()).toBeVisible({ timeout: 20_000 });
    console.log(`[figures] email link click → in the waiting room (instant Join click): ${Date.now() - linkClickedAt} ms`);

    await signInViaApi(doc, clinician);
    await doc.goto(`/session/${visit.sessionId}`);
    const docRoom = new SessionRoomPage(doc);
    await docRoom.passDeviceCheck();
    const admittedAt = Date.now();
    await docRoom.admit();
    await Promise.all([patRoom.call.expectConnectedTo(clinician.id), docRoom.call.expectConnectedTo(patient.id)]);
    const admitMs = Date.now() - admittedAt;
    testInfo.annotations.push({ type: "admit → both sides' live remote video (incl. frame-advance check)", description: `${admitMs} ms` });
    console.log(`[figures] admit → both sides see live remote video (frames advancing): ${admitMs} ms`);
  } finally {
    await docContext.close();
    await patContext.close();
  }
});
