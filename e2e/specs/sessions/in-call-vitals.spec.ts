// Vitals inside the call (runs per video provider): the clinician asks for readings from
// the call's Vitals tab, the patient gets the prompt in their own call and enters them, the
// clinician's panel shows them live — and the video carries on throughout.
import { TID } from "../../../lib/test-ids";
import { expect, signInViaApi, test } from "../../fixtures";
import { seedVideoSession } from "../../fixtures/video-seed";
import { expectLiveVideo, SessionCallPage } from "../../pages/call-page";
import { VitalsPage } from "../../pages/vitals-page";

test.describe("vitals during a call", () => {
  // Entering and showing the readings scrolls the page until the video tiles are off screen:
  // the remote video must still play (over LiveKit, adaptive stream used to pause it there).
  test("a reading the clinician requests in the call reaches the clinician's panel live while both still see each other", async ({ browser, seed, db }) => {
    test.setTimeout(150_000);
    const clinician = await seed.clinician("Dr Asker");
    const patient = await seed.patient({ clinicianId: clinician.id });
    const session = await seedVideoSession(db, { clinician, patient });
    const [docContext, patContext] = await Promise.all([browser.newContext(), browser.newContext()]);
    try {
      const [docPage, patPage] = await Promise.all([docContext.newPage(), patContext.newPage()]);
      await Promise.all([signInViaApi(docPage, clinician), signInViaApi(patPage, patient)]);
      const doctor = new SessionCallPage(docPage, session.id);
      const pat = new SessionCallPage(patPage, session.id);
      await doctor.open();
      await doctor.join();
      await pat.open();
      await pat.join();
      await doctor.call.expectConnectedTo(patient.id);
      await pat.call.expectConnectedTo(clinician.id);

      await docPage.getByRole("tab", { name: "Vitals" }).click();
      await patPage.getByRole("tab", { name: "Vitals" }).click();
      const docPanel = docPage.getByTestId(TID.vitalsPanel);
      const patPanel = patPage.getByTestId(TID.vitalsPanel);
      await expect(docPanel).toBeVisible();
      await expect(patPanel).toBeVisible();

      await docPanel.getByTestId(TID.vitalsRequestButton).click();
      await expect(docPanel.getByTestId(TID.vitalsRequestStatus)).toHaveAttribute("data-state", "pending");
      const prompt = patPanel.getByTestId(TID.vitalsRequestPrompt);
      await expect(prompt).toContainText("Dr Asker asked you to take your vitals now", { timeout: 5_000 });
      await new VitalsPage(patPage).enterReadings(prompt.getByTestId(TID.vitalsEntryForm), {
        heartRate: "97",
        spo2: "95",
        temperature: "37.9",
        respiratoryRate: "19",
      });
      await expect(prompt).toHaveCount(0);

      const docVitals = new VitalsPage(docPage);
      await expect(docVitals.tile("heartRate").locator("[data-value]")).toHaveText("97", { timeout: 5_000 });
      await expect(docVitals.tile("spo2").locator("[data-value]")).toHaveText("95");
      await expect(docPanel.getByTestId(TID.vitalsRequestStatus)).toHaveAttribute("data-state", "idle");
      // The reading belongs to this call.
      const request = await db.vitalsRequest.findFirstOrThrow({ where: { patientId: patient.patientId! } });
      expect(request).toMatchObject({ sessionId: session.id });
      expect(request.fulfilledAt).not.toBeNull();

      // Both look at the readings (the page scrolls down to them), and the call was never interrupted.
      await docVitals.tile("heartRate").scrollIntoViewIfNeeded();
      await patPanel.scrollIntoViewIfNeeded();
      await expect(doctor.call.state()).toHaveAttribute("data-state", "connected");
      await expectLiveVideo(doctor.call.remoteVideo(patient.id), "patient's video after the vitals exchange");
      await expectLiveVideo(pat.call.remoteVideo(clinician.id), "clinician's video after the vitals exchange");
    } finally {
      await Promise.all([docContext.close(), patContext.close()]);
    }
  });
});
