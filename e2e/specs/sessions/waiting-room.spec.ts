// Issue 18 part A: a living waiting room and an arrival a busy clinician notices.
// - The patient waits with their own picture (the device check's camera, kept open) and
//   sees the clinician's status; the clinician's one-click "running late" reaches them live.
// - The patient's message from the waiting room reaches the clinician (toast + Today list).
// - The arrival shows on the clinician's page: a toast naming the patient, a chime (which
//   the clinician can mute, remembered), and "(1) waiting" in the tab title.
// - One-click Admit on the Today list lands both in the call (live remote video both sides)
//   with no device check for the clinician who did theirs earlier today.
import type { Page, TestInfo } from "@playwright/test";
import { TID } from "../../../lib/test-ids";
import { WAITING_TID } from "../../../lib/waiting-test-ids";
import { expectAccessible } from "../../a11y";
import { expect, signInViaApi, test } from "../../fixtures";
import { subscribedTo } from "../../fixtures/realtime";
import { seedVideoSession } from "../../fixtures/video-seed";
import { SessionRoomPage } from "../../pages/session-room-page";

const DESKTOP = { width: 1366, height: 850 };
const PHONE = { width: 390, height: 844 };

async function attachFullPage(page: Page, testInfo: TestInfo, name: string) {
  const path = testInfo.outputPath(`${name.replace(/[^a-z0-9]+/gi, "-")}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/** Counts the arrival chimes the page plays (the notice dispatches an event per chime). */
async function countChimes(page: Page) {
  await page.addInitScript(() => {
    (window as unknown as { __chimes: number }).__chimes = 0;
    window.addEventListener("bedside:chime-played", () => (window as unknown as { __chimes: number }).__chimes++);
  });
}
const chimes = (page: Page) => page.evaluate(() => (window as unknown as { __chimes: number }).__chimes);

test.describe("the living waiting room", () => {
  test(
    "arrival toast, chime and tab title for the clinician; running late reaches the waiting patient live; the patient's message reaches the clinician",
    { tag: "@provider-independent" },
    async ({ browser, seed, db }, testInfo) => {
      test.setTimeout(150_000);
      const clinician = await seed.clinician("Amara Okafor");
      const patient = await seed.patient({ clinicianId: clinician.id, given: "Maria", family: "Garcia" });
      const session = await seedVideoSession(db, { clinician, patient, status: "SCHEDULED" });
      const [docContext, patContext] = await Promise.all([browser.newContext({ viewport: DESKTOP }), browser.newContext({ viewport: DESKTOP })]);
      try {
        const [doc, pat] = await Promise.all([docContext.newPage(), patContext.newPage()]);
        await countChimes(doc);
        await signInViaApi(doc, clinician);
        await doc.goto("/clinician");
        const row = doc.locator(`[data-consultation-id="${session.consultationId}"]`);
        await expect(row).toBeVisible();
        await expect(doc).not.toHaveTitle(/waiting ·/);

        // The patient checks their devices and comes into the waiting room.
        await signInViaApi(pat, patient);
        await pat.goto(`/session/${session.id}`);
        const patRoom = new SessionRoomPage(pat);
        await patRoom.passDeviceCheck();
        await expect(patRoom.waitingRoom()).toBeVisible({ timeout: 20_000 });
        // Their own picture, from the device check's camera (kept open: no second check).
        await expect(pat.getByTestId(WAITING_TID.selfView)).toHaveAttribute("data-live", "true", { timeout: 10_000 });
        await expect(pat.getByTestId(TID.deviceCheck)).toHaveCount(0);
        const status = pat.getByTestId(WAITING_TID.status);
        await expect(status).toHaveText("Dr Amara Okafor knows you are here and will let you in shortly");

        // The clinician, on the Today list, notices: a toast naming the patient, a chime, the tab title.
        await expect(doc.getByText("Maria Garcia is in the waiting room")).toBeVisible({ timeout: 10_000 });
        await expect(doc).toHaveTitle(/^\(1\) waiting · /);
        expect(await chimes(doc)).toBe(1);
        // …on any clinician page: the title keeps the count after navigating.
        await doc.goto("/clinician/patients");
        await expect(doc).toHaveTitle(/^\(1\) waiting · /);
        await doc.goto("/clinician");

        // One click: running late, about 10 min. The waiting patient sees it at once.
        // Visible: right after a page load a streamed boundary's content can also sit in React's
        // hidden container for a moment (see consultation-flow.spec.ts).
        await row.getByTestId(WAITING_TID.runningLateChoice).and(doc.locator('[data-minutes="10"]')).filter({ visible: true }).click();
        await expect(status).toHaveText(/^Dr Amara Okafor is running late — about (10|9) min$/, { timeout: 5_000 });
        await expect(pat.getByTestId(WAITING_TID.lateNotice)).toContainText("running about 10 min late");
        const late = await db.waitingRoomNotice.findFirstOrThrow({ where: { sessionId: session.id, kind: "RUNNING_LATE" } });
        expect(late.lateMinutes).toBe(10);

        // The clinician mutes the chime; it stays muted after a reload.
        await doc.getByTestId(WAITING_TID.chimeToggle).click();
        await expect(doc.getByTestId(WAITING_TID.chimeToggle)).toHaveAttribute("aria-pressed", "false");
        // The reloaded page subscribes to the clinician's channel anew; an event published before
        // that is never delivered (the list query catches up, a toast cannot), so wait for it.
        const inbox = subscribedTo(doc, `private-clinician-${clinician.id}`);
        await doc.reload();
        await expect(doc.getByTestId(WAITING_TID.chimeToggle)).toHaveAttribute("aria-pressed", "false");
        await expect(doc).toHaveTitle(/^\(1\) waiting · /);
        await inbox;

        // The patient writes to the clinic from the waiting room.
        await pat.getByTestId(WAITING_TID.messageInput).fill("I am on a train: audio only for the first minutes, sorry.");
        await pat.getByTestId(WAITING_TID.messageSend).click();
        await expect(pat.getByTestId(WAITING_TID.sentMessage)).toContainText("I am on a train");
        // The clinician gets it as a toast (with the text) and on the Today row, without reloading; muted: no chime.
        await expect(doc.getByText("Message from Maria Garcia in the waiting room")).toBeVisible({ timeout: 10_000 });
        await expect(doc.getByText("I am on a train: audio only for the first minutes, sorry.").first()).toBeVisible();
        await expect(row.getByTestId(WAITING_TID.clinicMessage)).toContainText("I am on a train");
        expect(await chimes(doc)).toBe(0); // counter restarted with the reload; muted since
        expect(await db.auditEvent.count({ where: { action: "session.waiting_message", actorId: patient.id } })).toBe(1);

        await expectAccessible(pat, testInfo, "living waiting room (patient)");
        await expectAccessible(doc, testInfo, "Today list with a waiting patient (clinician)");
        await attachFullPage(pat, testInfo, "waiting room (desktop, full page)");
        await pat.setViewportSize(PHONE);
        await attachFullPage(pat, testInfo, "waiting room (phone, full page)");
        await expectAccessible(pat, testInfo, "living waiting room on a phone (patient)");
      } finally {
        await docContext.close();
        await patContext.close();
      }
    },
  );

  test("one-click Admit on the Today list starts the visit and lands both in the call, with no second device check", async ({ browser, seed, db }) => {
    test.setTimeout(150_000);
    const clinician = await seed.clinician("Lena Fischer");
    const earlier = await seed.patient({ clinicianId: clinician.id, given: "Ada", family: "First" });
    const patient = await seed.patient({ clinicianId: clinician.id, given: "Tom", family: "Second" });
    // The clinician's first room of the day, where they checked their devices (then stepped out).
    const first = await seedVideoSession(db, { clinician, patient: earlier, status: "SCHEDULED" });
    // Earlier, so the next booking does not clash with it, but still inside its join window
    // (start + 30 min): an hour back, the scheduler's no-show job could cancel it mid-test
    // (the LiveKit instance runs the scheduler, as production does; a CI run saw "This video
    // visit was cancelled").
    await db.consultation.update({
      where: { id: first.consultationId! },
      data: { scheduledStart: new Date(Date.now() - 25 * 60_000), scheduledEnd: new Date(Date.now() - 2 * 60_000) },
    });
    const session = await seedVideoSession(db, { clinician, patient, status: "SCHEDULED" });
    const [docContext, patContext] = await Promise.all([browser.newContext({ viewport: DESKTOP }), browser.newContext({ viewport: DESKTOP })]);
    try {
      const [doc, pat] = await Promise.all([docContext.newPage(), patContext.newPage()]);
      await signInViaApi(doc, clinician);
      await doc.goto(`/session/${first.id}`);
      await new SessionRoomPage(doc).passDeviceCheck();
      await expect(doc.getByTestId(TID.admitButton)).toBeVisible();
      await doc.goto("/clinician");

      await signInViaApi(pat, patient);
      await pat.goto(`/session/${session.id}`);
      const patRoom = new SessionRoomPage(pat);
      await patRoom.passDeviceCheck();
      await expect(patRoom.waitingRoom()).toBeVisible({ timeout: 20_000 });
      await expect(pat.getByTestId(WAITING_TID.selfView)).toHaveAttribute("data-live", "true", { timeout: 10_000 });

      const row = doc.locator(`[data-consultation-id="${session.consultationId}"]`);
      const admit = row.getByTestId(WAITING_TID.admitFromList);
      await expect(admit).toBeVisible({ timeout: 10_000 });
      await expect(admit).toContainText("Admit Tom Second");
      await admit.click();

      await expect(doc).toHaveURL(new RegExp(`/session/${session.id}$`));
      const docRoom = new SessionRoomPage(doc);
      await Promise.all([docRoom.call.expectConnectedTo(patient.id), patRoom.call.expectConnectedTo(clinician.id)]);
      // No device check on either side after the admission.
      await expect(doc.getByTestId(TID.deviceCheck)).toHaveCount(0);
      await expect(pat.getByTestId(TID.deviceCheck)).toHaveCount(0);
      await expect(doc).not.toHaveTitle(/waiting ·/);
      expect((await db.telemedicineSession.findUniqueOrThrow({ where: { id: session.id } })).status).toBe("IN_PROGRESS");
    } finally {
      await docContext.close();
      await patContext.close();
    }
  });

  test("Admit on the Today list before the clinician's device check today: one check, then straight into the call", async ({ browser, seed, db }) => {
    test.setTimeout(150_000);
    const clinician = await seed.clinician("Noor Haddad");
    const patient = await seed.patient({ clinicianId: clinician.id, given: "Ivy", family: "Third" });
    const session = await seedVideoSession(db, { clinician, patient, status: "SCHEDULED" });
    const [docContext, patContext] = await Promise.all([browser.newContext({ viewport: DESKTOP }), browser.newContext({ viewport: DESKTOP })]);
    try {
      const [doc, pat] = await Promise.all([docContext.newPage(), patContext.newPage()]);
      await signInViaApi(doc, clinician);
      await doc.goto("/clinician");
      await signInViaApi(pat, patient);
      await pat.goto(`/session/${session.id}`);
      const patRoom = new SessionRoomPage(pat);
      await patRoom.passDeviceCheck();
      await expect(patRoom.waitingRoom()).toBeVisible({ timeout: 20_000 });

      await doc.locator(`[data-consultation-id="${session.consultationId}"]`).getByTestId(WAITING_TID.admitFromList).click();
      const docRoom = new SessionRoomPage(doc);
      await docRoom.passDeviceCheck();
      // No "Start and admit" click: the check leads straight into the call with the patient.
      await Promise.all([docRoom.call.expectConnectedTo(patient.id), patRoom.call.expectConnectedTo(clinician.id)]);
    } finally {
      await docContext.close();
      await patContext.close();
    }
  });
});
