// Issue 18 part B: a call layout made for medicine (runs per video provider). The patient on a
// 390×844 phone, the clinician on a 1366×850 laptop: the other person fills the stage, the
// self-view is a small picture-in-picture that moves by drag and by keyboard, the side panel
// is a bottom sheet on the phone with the bottom navigation gone, a shared screen takes the
// stage, Leave asks first, and the patient's own vitals carry no risk colours or NEWS2 words.
// Screenshots of both screens go into the report.
import type { Browser, Page, TestInfo } from "@playwright/test";
import { TID } from "../../../lib/test-ids";
import { expectAccessible } from "../../a11y";
import { expect, signInViaApi, test, type VideoProviderName } from "../../fixtures";
import type { PrismaClient } from "../../../server/generated/prisma/client";
import type { Seeder } from "../../fixtures/seed";
import { seedVideoSession } from "../../fixtures/video-seed";
import { SessionCallPage } from "../../pages/call-page";
import { VitalsPage } from "../../pages/vitals-page";

const LAPTOP = { viewport: { width: 1366, height: 850 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function attachScreenshot(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name.replace(/[^a-z0-9]+/gi, "-")}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

async function boxOf(page: Page, testId: string, filter?: string) {
  const el = filter ? page.getByTestId(testId).and(page.locator(filter)) : page.getByTestId(testId);
  const box = await el.first().boundingBox();
  if (!box) throw new Error(`${testId} has no box`);
  return box;
}

/** The clinician on a laptop and the patient on a phone, both in the call. */
async function inCall(browser: Browser, seed: Seeder, db: PrismaClient) {
  const clinician = await seed.clinician("Amara Okafor");
  const patient = await seed.patient({ clinicianId: clinician.id, given: "Maria", family: "Garcia" });
  const session = await seedVideoSession(db, { clinician, patient });
  const [docContext, patContext] = await Promise.all([browser.newContext(LAPTOP), browser.newContext(PHONE)]);
  const [docPage, patPage] = await Promise.all([docContext.newPage(), patContext.newPage()]);
  await Promise.all([signInViaApi(docPage, clinician), signInViaApi(patPage, patient)]);
  const doctor = new SessionCallPage(docPage, session.id);
  const pat = new SessionCallPage(patPage, session.id);
  await doctor.open();
  await doctor.join();
  await pat.open();
  await pat.join();
  await pat.call.expectConnectedTo(clinician.id);
  await doctor.call.expectConnectedTo(patient.id);
  return { clinician, patient, session, doctor, pat, docPage, patPage, close: () => Promise.all([docContext.close(), patContext.close()]) };
}

test.describe("the call layout (issue 18)", () => {
  test("phone: the clinician fills the screen, the self-view is small and moves by drag and keys, the panel is a sheet and the bottom navigation is gone; laptop: a large stage and a collapsible panel", async ({
    browser,
    seed,
    db,
  }, testInfo) => {
    // Two browsers, a phone and a laptop, plus axe scans: measured 2.4–2.6 min on a loaded machine.
    test.setTimeout(240_000);
    const call = await inCall(browser, seed, db);
    try {
      const { patPage, docPage } = call;
      // Phone: the remote video takes the whole screen (it was a 343×193 tile among others).
      const remote = await boxOf(patPage, TID.callRemoteTile, `[data-user-id="${call.clinician.id}"]`);
      expect(remote.width, "remote video width on the phone").toBeGreaterThanOrEqual(385);
      expect(remote.height, "remote video height on the phone").toBeGreaterThanOrEqual(800);
      await expect(patPage.locator('[data-slot="bottom-nav"]')).toBeHidden();
      // The controls sit over the video, inside the screen.
      const leave = await boxOf(patPage, TID.callLeave);
      expect(leave.y + leave.height).toBeLessThanOrEqual(844);

      // The self-view: small, in a corner; dragged to the top left it settles there.
      const self = patPage.getByTestId(TID.callSelfView);
      await expect(self).toHaveAttribute("data-corner", "bottom-right");
      const selfBox = await boxOf(patPage, TID.callSelfView);
      expect(selfBox.width).toBeLessThan(390 / 2.5);
      await patPage.mouse.move(selfBox.x + selfBox.width / 2, selfBox.y + selfBox.height / 2);
      await patPage.mouse.down();
      await patPage.mouse.move(60, 200, { steps: 8 });
      await patPage.mouse.up();
      await expect(self).toHaveAttribute("data-corner", "top-left");
      const moved = await boxOf(patPage, TID.callSelfView);
      expect(moved.x).toBeLessThan(40);
      expect(moved.y).toBeLessThan(844 / 2);
      // By keyboard: focus it and move it with the arrow keys.
      await self.focus();
      await patPage.keyboard.press("ArrowRight");
      await expect(self).toHaveAttribute("data-corner", "top-right");
      await patPage.keyboard.press("ArrowDown");
      await expect(self).toHaveAttribute("data-corner", "bottom-right");

      await attachScreenshot(patPage, testInfo, "call on a phone (390×844)");

      // The panel: a bottom sheet over the video, opened on request, with the chat usable.
      const panel = patPage.getByTestId(TID.callPanel);
      await expect(panel).toBeHidden();
      await patPage.getByTestId(TID.callPanelToggle).click();
      await expect(panel).toBeVisible();
      const sheet = await boxOf(patPage, TID.callPanel);
      expect(Math.round(sheet.y + sheet.height)).toBe(844);
      expect(sheet.width).toBe(390);
      expect(sheet.y).toBeGreaterThan(844 * 0.25);
      const input = patPage.getByTestId(TID.chatInput);
      await expect(input).toBeVisible();
      await input.fill("Can you hear me?");
      await patPage.getByTestId(TID.chatSend).click();
      await expect(docPage.getByTestId(TID.chatMessages)).toContainText("Can you hear me?");
      await attachScreenshot(patPage, testInfo, "call on a phone with the panel open");
      await expectAccessible(patPage, testInfo, "call on a phone with the panel open");
      await patPage.getByRole("button", { name: "Close the panel" }).click();
      await expect(panel).toBeHidden();

      // Laptop: the patient is large on the stage; hiding the panel gives the stage the width.
      const before = await boxOf(docPage, TID.callRemoteTile, `[data-user-id="${call.patient.id}"]`);
      expect(before.width, "remote video width on the laptop with the panel open").toBeGreaterThan(600);
      expect(before.height).toBeGreaterThan(450);
      await attachScreenshot(docPage, testInfo, "call on a laptop (1366×850)");
      await expectAccessible(docPage, testInfo, "call on a laptop");
      await docPage.getByTestId(TID.callPanelToggle).click();
      await expect(docPage.getByTestId(TID.callPanel)).toBeHidden();
      const wider = await boxOf(docPage, TID.callRemoteTile, `[data-user-id="${call.patient.id}"]`);
      expect(wider.width).toBeGreaterThan(before.width + 300);
      await attachScreenshot(docPage, testInfo, "call on a laptop with the panel hidden");
      await docPage.getByTestId(TID.callPanelToggle).click();
      await expect(docPage.getByTestId(TID.callPanel)).toBeVisible();
    } finally {
      await call.close();
    }
  });

  test("a shared screen takes the patient's stage; Leave asks before leaving", async ({ browser, seed, db, videoProvider }, testInfo) => {
    // Two browsers, a phone and a laptop, plus axe scans: measured 2.4–2.6 min on a loaded machine.
    test.setTimeout(240_000);
    const call = await inCall(browser, seed, db);
    try {
      const { patPage, docPage } = call;
      await docPage.getByTestId(TID.callToggleScreen).click();
      const stage = patPage.getByTestId(TID.callStage);
      await expect(stage).toHaveAttribute("data-layout", "screen", { timeout: 20_000 });
      const screen = patPage.getByTestId(TID.callRemoteTile).and(patPage.locator(`[data-user-id="${call.clinician.id}"][data-screen="on"]`));
      await expect(screen).toBeVisible();
      const screenBox = (await screen.boundingBox())!;
      expect(screenBox.width).toBeGreaterThanOrEqual(385);
      expect(screenBox.height).toBeGreaterThan(844 / 2);
      if ((videoProvider as VideoProviderName) === "LIVEKIT") {
        // LiveKit sends the camera alongside the screen: the clinician's face stays beside it.
        const face = patPage.getByTestId(TID.callRemoteTile).and(patPage.locator(`[data-user-id="${call.clinician.id}"][data-screen="off"]`));
        await expect(face).toBeVisible();
        expect((await face.boundingBox())!.width).toBeLessThan(screenBox.width);
      }
      await attachScreenshot(patPage, testInfo, "shared screen on the phone's stage");
      await docPage.getByTestId(TID.callToggleScreen).click();
      await expect(stage).toHaveAttribute("data-layout", "people", { timeout: 20_000 });

      // Leave: a dialog first; "Stay" keeps the call, "Leave the call" leaves.
      await patPage.getByTestId(TID.callLeave).click();
      const dialog = patPage.getByRole("dialog", { name: "Leave the call?" });
      await expect(dialog).toBeVisible();
      await attachScreenshot(patPage, testInfo, "Leave asks first (phone)");
      await dialog.getByRole("button", { name: "Stay in the call" }).click();
      await expect(dialog).toBeHidden();
      await expect(call.pat.call.state()).toHaveAttribute("data-state", "connected");
      await patPage.getByTestId(TID.callLeave).click();
      await patPage.getByTestId(TID.callLeaveConfirm).click();
      await expect(patPage.getByTestId("rejoin")).toBeVisible();
      await expect(call.doctor.call.remoteTile(call.patient.id)).toHaveCount(0, { timeout: 20_000 });
      // Out of the call, the phone's navigation is back.
      await expect(patPage.locator('[data-slot="bottom-nav"]')).toBeVisible();
    } finally {
      await call.close();
    }
  });

  test("the patient sees their own readings without risk colours or NEWS2 words; the clinician sees the risk", async ({ browser, seed, db }, testInfo) => {
    // Two browsers, a phone and a laptop, plus axe scans: measured 2.4–2.6 min on a loaded machine.
    test.setTimeout(240_000);
    const call = await inCall(browser, seed, db);
    try {
      const { patPage, docPage } = call;
      await patPage.getByTestId(TID.callPanelToggle).click();
      await patPage.getByRole("tab", { name: "Vitals" }).click();
      const panel = patPage.getByTestId(TID.vitalsPanel);
      await panel.getByRole("button", { name: "Enter readings" }).click();
      // NEWS2 high: heart rate 135 (3), respiratory rate 26 (3), SpO₂ 90 (3).
      await new VitalsPage(patPage).enterReadings(panel.getByTestId(TID.vitalsEntryForm), {
        heartRate: "135",
        respiratoryRate: "26",
        spo2: "90",
        temperature: "38.0",
      });
      const heart = panel.getByTestId(TID.vitalsTile).and(patPage.locator('[data-vital="heartRate"]'));
      await expect(heart.locator("[data-value]")).toHaveText("135");

      await expect(panel.getByTestId(TID.vitalsNews2)).toHaveCount(0);
      await expect(panel).not.toContainText(/NEWS2|risk/i);
      for (const tile of await panel.getByTestId(TID.vitalsTile).all()) {
        await expect(tile).toHaveAttribute("data-score", "");
        expect(await tile.getAttribute("class")).not.toMatch(/risk-/);
      }
      await attachScreenshot(patPage, testInfo, "the patient's own vitals in the call (phone)");

      // The clinician's panel keeps NEWS2 and its band.
      await docPage.getByRole("tab", { name: "Vitals" }).click();
      await expect(docPage.getByTestId(TID.vitalsPanel).getByTestId(TID.vitalsNews2)).toHaveAttribute("data-risk", "HIGH", { timeout: 10_000 });
    } finally {
      await call.close();
    }
  });
});
