// Issue 9 end to end: after a real consultation (booked, joined, admitted, held over
// peer-to-peer video, ended and billed in Chromium), an admin finds it in the statistics,
// plays a recording that reached the app the way LiveKit delivers one, and follows the
// patient's audit trail.
//
// The recording: no LiveKit server or Egress can run on these machines, so the test plays
// Egress's part at its boundaries. It puts a real WebM file (e2e/fixtures/media) where Egress
// writes recordings, and posts an `egress_ended` webhook signed with the LiveKit API secret,
// exactly as LiveKit signs it, to the app instance configured for LiveKit (e2e/server.ts).
import { copyFile, mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { ADMIN_RECORDINGS_TID, ADMIN_STATS_TID, ADMIN_TID, TRANSCRIPT_TID } from "../../../lib/test-ids";
import { egressEvent, signWebhook } from "../../../tests/helpers/livekit-webhooks";
import { expect, signInViaApi, test } from "../../fixtures";
import { readRuntime } from "../../fixtures/runtime";
import { ClinicianHomePage } from "../../pages/clinician-home-page";
import { SessionRoomPage } from "../../pages/session-room-page";

const FIXTURE = join(import.meta.dirname, "../../fixtures/media/consultation-recording.webm");
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

// @call: held over each video provider in turn (playwright.config.ts).
test.describe("admin review of a consultation", { tag: "@call" }, () => {
  test("the admin sees the completed session in the statistics, plays its recording and finds the patient's trail", async ({ browser, seed, db }) => {
    test.setTimeout(150_000);
    const { livekit } = readRuntime();
    test.skip(!livekit, "needs the LiveKit-configured app instance, which E2E_NEXT_MODE=dev does not start");
    const tag = String(Date.now() % 100_000);
    const clinician = await seed.clinician(`Priya Natarajan ${tag}`);
    const patient = await seed.patient({ clinicianId: clinician.id, given: "Tomas", family: `Lindqvist${tag}` });
    const admin = await seed.admin();
    const [docContext, patContext, admContext] = await Promise.all([browser.newContext(), browser.newContext(), browser.newContext()]);
    const [doc, pat, adm] = await Promise.all([docContext.newPage(), patContext.newPage(), admContext.newPage()]);
    try {
      await Promise.all([signInViaApi(doc, clinician), signInViaApi(pat, patient), signInViaApi(adm, admin)]);

      // ── The clinical flow ──────────────────────────────────────────────────────────
      const start = new Date(Date.now() + 2 * 60_000);
      const day = isoDay(start);
      // Today's completed sessions (the chart's table) and the joins whose media connected.
      const figures = async () => {
        await adm.goto("/admin");
        const row = adm.getByTestId(ADMIN_STATS_TID.statsSessionsTable).locator(`tr[data-day="${day}"]`);
        const completed = (await row.count()) === 0 ? 0 : Number((await row.locator("td").nth(1).textContent())?.match(/\d+/)?.[0] ?? 0);
        const joins = await adm.locator(`[data-figure="connected"]`).textContent();
        return { completed, connectedJoins: Number(joins?.match(/(\d+) of \d+ joins/)?.[1] ?? NaN) };
      };
      const before = await figures();

      const home = new ClinicianHomePage(doc);
      await home.goto();
      await home.book({ patientName: `Lindqvist${tag}`, start, minutes: 20, reason: "Asthma review" });
      await pat.goto("/patient");
      await pat.getByTestId("consultation-row").first().getByTestId("join-button").click();
      const patRoom = new SessionRoomPage(pat);
      await patRoom.passDeviceCheck();
      await expect(patRoom.waitingRoom()).toBeVisible();
      await expect(home.waitingBadge()).toBeVisible({ timeout: 15_000 });
      await home.openRoom();
      const docRoom = new SessionRoomPage(doc);
      await docRoom.passDeviceCheck();
      await docRoom.admit();
      await docRoom.call.expectConnectedTo(patient.id);
      await patRoom.call.expectConnectedTo(clinician.id);
      await docRoom.end("Peak flow improved; continue the preventer inhaler.");
      await expect(docRoom.completed()).toBeVisible();
      await expect(patRoom.completed()).toBeVisible({ timeout: 10_000 });

      // ── The statistics ─────────────────────────────────────────────────────────────
      const after = await figures();
      expect(after.completed).toBeGreaterThanOrEqual(before.completed + 1);
      // Both browsers reported their media connected: two more joins that connected.
      expect(after.connectedJoins).toBeGreaterThanOrEqual(before.connectedJoins + 2);
      const clinicianRow = adm.getByTestId(ADMIN_STATS_TID.statsClinicians).getByRole("row").filter({ hasText: clinician.name });
      // Booked 1, completed 1, cancelled 0, no-show 0, and the session's own duration as the average.
      await expect(clinicianRow.getByRole("cell")).toHaveText([clinician.name, "1", "1", "0", "0", /^(\d+ min \d\d|[1-9]\d?) s$/]);

      // ── A recording arrives from Egress ────────────────────────────────────────────
      // An earlier consultation of the same patient, held over LiveKit and recorded with
      // both people's consent; its session has ended and Egress is finishing the file.
      if (!livekit) throw new Error("unreachable: skipped above");
      const visit = await db.visit.findFirstOrThrow({ where: { patientId: patient.patientId!, clinicianId: clinician.id } });
      const endedAt = new Date(Date.now() - 5 * 60_000);
      const recorded = await db.telemedicineSession.create({
        data: {
          visitId: visit.id,
          roomName: `room-e2e-rec-${tag}`,
          provider: "LIVEKIT",
          status: "COMPLETED",
          recordingEnabled: true,
          scheduledStart: new Date(endedAt.getTime() - 15 * 60_000),
          startedAt: new Date(endedAt.getTime() - 15 * 60_000),
          endedAt,
          durationSeconds: 900,
          createdById: clinician.id,
          participants: {
            create: [
              { userId: clinician.id, role: "CLINICIAN", displayName: clinician.name, recordingConsentAt: new Date(endedAt.getTime() - 14 * 60_000) },
              { userId: patient.id, role: "PATIENT", displayName: patient.name, recordingConsentAt: new Date(endedAt.getTime() - 14 * 60_000) },
            ],
          },
        },
      });
      const egressId = `EG_e2e${tag}`;
      await db.recording.create({ data: { sessionId: recorded.id, egressId, status: "ACTIVE", startedAt: new Date(endedAt.getTime() - 14 * 60_000) } });
      const fileName = `${recorded.id}/${endedAt.getTime()}.webm`;
      await mkdir(join(livekit.recordingsDir, recorded.id), { recursive: true });
      await copyFile(FIXTURE, join(livekit.recordingsDir, fileName));
      const size = (await stat(FIXTURE)).size;
      const body = egressEvent("egress_ended", {
        roomName: recorded.roomName,
        egressId,
        status: "EGRESS_COMPLETE",
        at: endedAt,
        file: { filename: `${livekit.egressRecordingsDir}/${fileName}`, size, durationSeconds: 3 },
      });
      const unsigned = await adm.request.post(`${livekit.appUrl}/api/webhooks/livekit`, {
        data: body,
        headers: { "content-type": "application/webhook+json" },
      });
      expect(unsigned.status(), "an unsigned webhook is refused").toBe(401);
      const delivered = await adm.request.post(`${livekit.appUrl}/api/webhooks/livekit`, {
        data: body,
        headers: { "content-type": "application/webhook+json", authorization: await signWebhook(body, livekit) },
      });
      expect(delivered.status(), await delivered.text()).toBe(200);

      // ── The admin plays it ─────────────────────────────────────────────────────────
      await adm.goto("/admin/recordings");
      const recordingRow = adm.getByTestId(ADMIN_RECORDINGS_TID.recordingsTable).getByRole("row").filter({ hasText: patient.name });
      await expect(recordingRow).toHaveCount(1);
      await expect(recordingRow).toContainText("Given");
      await expect(recordingRow).toContainText(`${Math.ceil(size / 1024)} KB`);
      await recordingRow.getByRole("link", { name: "Play" }).click();
      const player = adm.getByTestId(ADMIN_RECORDINGS_TID.recordingPlayer);
      await expect(player).toBeVisible();
      const played = await player.evaluate(async (el) => {
        const video = el as HTMLVideoElement;
        video.muted = true;
        await video.play();
        await new Promise((resolve) => setTimeout(resolve, 1500));
        return { time: video.currentTime, error: video.error?.code ?? null, width: video.videoWidth };
      });
      expect(played.error).toBeNull();
      expect(played.width).toBe(320);
      expect(played.time).toBeGreaterThan(0.5);
      // Transcription is not configured in this install, and the page says so.
      await expect(adm.getByTestId(TRANSCRIPT_TID.notConfigured)).toBeVisible();

      // ── The audit trail, filtered to the patient ───────────────────────────────────
      await adm.goto("/admin/audit");
      // The Patient filter takes a name, an MRN or the id.
      await adm.getByLabel("Patient", { exact: true }).fill(patient.patientId!);
      await adm.getByRole("button", { name: "Filter" }).click();
      await expect(adm).toHaveURL(new RegExp(`patient=${patient.patientId}`));
      const row = (action: string) => adm.locator(`[data-testid="${ADMIN_TID.auditRow}"][data-action="${action}"]`);
      // Writes of the flow and of the recording, and reads (the admin's playback among them).
      for (const action of [
        "consultation.book",
        "session.arrive",
        "session.join",
        "session.complete",
        "charge.create",
        "recording.complete",
        "session.read",
        "recording.view",
      ]) {
        await expect(row(action).first(), `${action} in the patient's trail`).toBeVisible();
      }
      // Every row shown is this patient's.
      // Rows name the patient; the link to their trail carries the id.
      const patientCells = await adm
        .getByTestId(ADMIN_TID.auditRow)
        .evaluateAll((els) => els.map((el) => el.children[5]?.querySelector("a")?.getAttribute("title")));
      expect(patientCells.length).toBeGreaterThanOrEqual(8);
      expect(new Set(patientCells)).toEqual(new Set([patient.patientId]));
    } finally {
      await Promise.all([docContext.close(), patContext.close(), admContext.close()]);
    }
  });
});
