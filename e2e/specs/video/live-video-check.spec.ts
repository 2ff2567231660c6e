// The e2e suite's proof of live video (expectLiveVideo, e2e/pages/call-page.ts) must be able
// to fail: in a real call it passes on the other person's camera, fails once their camera
// track is disabled at the sender and the frames already sent have arrived (WebRTC then sends
// black frames, so the frame count alone still moves on, and a MediaStream's currentTime runs
// with the clock whatever arrives), and passes again once the track is back.
import { expect, test } from "../../fixtures/call-parties";
import { seedVideoSession } from "../../fixtures/video-seed";
import { expectLiveVideo, lookAtVideo } from "../../pages/call-page";
import type { Page } from "@playwright/test";

/** Every RTCPeerConnection the page makes, so the test can reach its senders. */
function recordPeerConnections() {
  const made: RTCPeerConnection[] = [];
  (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections = made;
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(config?: RTCConfiguration) {
      super(config);
      made.push(this);
    }
  } as typeof RTCPeerConnection;
}

/** Enables or disables the camera track this page sends (on every connection). Answers how many senders it touched. */
function setOutgoingVideo(page: Page, enabled: boolean) {
  return page.evaluate((enabled) => {
    let touched = 0;
    for (const pc of (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections) {
      if (pc.connectionState === "closed") continue;
      for (const sender of pc.getSenders()) {
        if (sender.track?.kind !== "video") continue;
        sender.track.enabled = enabled;
        touched += 1;
      }
    }
    return touched;
  }, enabled);
}

test("expectLiveVideo passes on a live camera, fails when the sender's track is disabled, and passes once it is back", async ({ seed, db, callParties }) => {
  test.setTimeout(150_000);
  const clinician = await seed.clinician("Lena Frost");
  const patient = await seed.patient({ clinicianId: clinician.id, given: "Omar", family: "Haddad" });
  const session = await seedVideoSession(db, { clinician, patient });
  const [doctor, omar] = await callParties.open(session.id, [clinician, patient]);
  await doctor.page.addInitScript(recordPeerConnections);

  await doctor.open();
  await doctor.join();
  await omar.open();
  await omar.join();
  await omar.call.expectConnectedTo(clinician.id);
  const clinicianOnPatientsScreen = omar.call.remoteVideo(clinician.id);

  expect(await setOutgoingVideo(doctor.page, false), "the clinician's page sends a camera track").toBeGreaterThan(0);
  // Frames sent before the switch are still on their way (through the SFU several, each one
  // moving): a look that starts on them sees the picture change, then cut to black, and
  // rightly calls that live. So: the picture stops once they are shown...
  await expect
    .poll(() => lookAtVideo(clinicianOnPatientsScreen), { message: "the picture stops after the camera is disabled", timeout: 10_000 })
    .toMatch(/^(unchanging|no-new-frames)$/);
  // ...and stays stopped: no look in 8 s finds it live.
  await expect(expectLiveVideo(clinicianOnPatientsScreen, "disabled camera", { timeout: 8_000 })).rejects.toThrow(/not live.*(unchanging|no-new-frames)/);

  await setOutgoingVideo(doctor.page, true);
  await expectLiveVideo(clinicianOnPatientsScreen, "camera enabled again");
});
