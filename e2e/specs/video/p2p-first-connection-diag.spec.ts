// On demand only (E2E_P2P_DIAG=1, project p2p): how a first peer-to-peer connection comes up
// under CPU starvation, with a log of every RTCPeerConnection call and event, every
// client-signal frame, fetch and getUserMedia in both pages, printed when the connection took
// longer than DIAG_DUMP_MS (default 6000; 0 prints always). DIAG_THROTTLE=<rate> throttles
// both pages' CPU (CDP Emulation.setCPUThrottlingRate) from the start; DIAG_LATE_THROTTLE=<rate>
// throttles only the patient's page once past the device check (the engine's part alone).
// With DIAG_LATE_THROTTLE=25 the engine before 1576d8c never connected (its watchdog restarted
// both sides every 10 s); see ARCHITECTURE.md, "Peer-to-peer signalling that heals".
import type { BrowserContext, Page } from "@playwright/test";
import { expect, signInViaApi, test } from "../../fixtures";
import { seedVideoSession } from "../../fixtures/video-seed";
import { SessionCallPage } from "../../pages/call-page";
import { SessionRoomPage } from "../../pages/session-room-page";
import { CALL_LOG_SCRIPT, readCallLog } from "../../fixtures/call-log";

const RATE = Number(process.env.DIAG_THROTTLE ?? 1);

/** A page logging its WebRTC calls and events (DIAG), CPU-throttled by DIAG_THROTTLE when set. */
async function diagPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(CALL_LOG_SCRIPT);
  if (RATE > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: RATE });
  }
  return page;
}

/** Prints both pages' logs. */
async function dumpDiag(clinicianPage: Page, patientPage: Page) {
  for (const [name, p] of [
    ["CLINICIAN", clinicianPage],
    ["PATIENT", patientPage],
  ] as const) {
    const lines = await readCallLog(p);
    console.log(`---- ${name} ----\n${lines.join("\n")}`);
  }
}

test.beforeEach(({ videoProvider }) => {
  test.skip(process.env.E2E_P2P_DIAG !== "1" || videoProvider !== "P2P", "diagnostic: E2E_P2P_DIAG=1 --project=p2p");
});

test("diag: first P2P connection timing", async ({ browser, seed, db }) => {
  test.setTimeout(200_000);
  const clinician = await seed.clinician("Diag Doc");
  const patient = await seed.patient({ clinicianId: clinician.id, given: "Diag", family: "Pat" });
  const session = await seedVideoSession(db, { clinician, patient });
  const [cc, pc] = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const cp = await diagPage(cc);
    const pp = await diagPage(pc);
    await signInViaApi(cp, clinician);
    await signInViaApi(pp, patient);
    const doctor = new SessionCallPage(cp, session.id);
    const maria = new SessionCallPage(pp, session.id);
    await doctor.open();
    await doctor.join();
    await expect(doctor.call.state()).toHaveAttribute("data-state", "waiting", { timeout: 30_000 });
    await maria.open();
    const start = Date.now();
    const late = Number(process.env.DIAG_LATE_THROTTLE ?? 0);
    if (late > 1) {
      await maria.passDeviceCheck();
      const cdp = await pp.context().newCDPSession(pp);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: late });
    } else await maria.join();
    let ok = true;
    try {
      await expect(maria.call.state()).toHaveAttribute("data-state", "connected", { timeout: 60_000 });
      await expect(doctor.call.state()).toHaveAttribute("data-state", "connected", { timeout: 60_000 });
    } catch {
      ok = false;
    }
    const ms = Date.now() - start;
    console.log(`[diag] patient join → both connected: ${ms} ms ok=${ok}`);
    if (ms > Number(process.env.DIAG_DUMP_MS ?? 6000) || !ok) await dumpDiag(cp, pp);
    expect(ok).toBe(true);
  } finally {
    await Promise.all([cc.close(), pc.close()]);
  }
});

test("diag: admission flow first P2P connection", async ({ browser, seed, db }) => {
  test.setTimeout(150_000);
  const clinician = await seed.clinician("Diag Doc");
  const patient = await seed.patient({ clinicianId: clinician.id, given: "Diag", family: "Pat" });
  const session = await seedVideoSession(db, { clinician, patient, status: "SCHEDULED" });
  const [cc, pc] = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const cp = await diagPage(cc);
    const pp = await diagPage(pc);
    await signInViaApi(cp, clinician);
    await signInViaApi(pp, patient);
    await pp.goto(`/session/${session.id}`);
    const patRoom = new SessionRoomPage(pp);
    await patRoom.passDeviceCheck();
    await expect(patRoom.waitingRoom()).toBeVisible({ timeout: 30_000 });
    await cp.goto(`/session/${session.id}`);
    const docRoom = new SessionRoomPage(cp);
    await docRoom.passDeviceCheck();
    await expect(cp.getByTestId("admit-button")).toBeVisible({ timeout: 30_000 });
    const start = Date.now();
    await docRoom.admit();
    let ok = true;
    const times: Record<string, number> = {};
    try {
      await Promise.all([
        expect(patRoom.call.state())
          .toHaveAttribute("data-state", "connected", { timeout: 60_000 })
          .then(() => (times.patient = Date.now() - start)),
        expect(docRoom.call.state())
          .toHaveAttribute("data-state", "connected", { timeout: 60_000 })
          .then(() => (times.clinician = Date.now() - start)),
      ]);
    } catch {
      ok = false;
    }
    const ms = Date.now() - start;
    console.log(`[diag] admit → both connected: ${ms} ms ok=${ok} ${JSON.stringify(times)}`);
    if (ms > Number(process.env.DIAG_DUMP_MS ?? 6000) || !ok) await dumpDiag(cp, pp);
    expect(ok).toBe(true);
  } finally {
    await Promise.all([cc.close(), pc.close()]);
  }
});
