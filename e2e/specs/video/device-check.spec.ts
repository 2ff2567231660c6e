// The "Test your camera and connection" page: the device check, and a real peer-to-peer
// test call between two connections in the page (Chromium's fake camera and microphone,
// WebRTC over loopback inside the test's network namespace).
import { TID } from "../../../lib/test-ids";
import { expect, test } from "../../fixtures";
import { expectLiveVideo, joinToFirstFrameMs, startJoinTimer } from "../../pages/call-page";
import { DeviceCheckPage } from "../../pages/device-check-page";

// Neither part involves the video provider (the test call is peer-to-peer inside the page):
// they run once, not per provider (playwright.config.ts).
test.describe("device check", { tag: "@provider-independent" }, () => {
  test("shows the camera preview, hears the microphone and lets the person continue", async ({ page }) => {
    const check = new DeviceCheckPage(page);
    await check.goto();

    await check.expectReady();
    await check.expectPreviewLive();
    // Chromium's fake microphone beeps: the meter must register it.
    await expect(check.micLevel()).toHaveAttribute("data-heard", "true", { timeout: 15_000 });
    await expect(page.getByText("We can hear you.")).toBeVisible();
    await expect(check.deviceCheck().getByTestId(TID.deviceCheckCamera)).toContainText(/fake|camera/i);

    await check.continue();
    await expect(page.getByText("Your camera and microphone work")).toBeVisible();
  });

  test("a blocked camera and microphone get this browser's instructions, and Try again recovers", async ({ page }) => {
    // The person has blocked both for this site; they unblock them after reading the help.
    await page.addInitScript(() => {
      const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      const w = window as unknown as { __blocked: boolean };
      w.__blocked = true;
      navigator.mediaDevices.getUserMedia = (constraints) =>
        w.__blocked ? Promise.reject(new DOMException("Permission denied", "NotAllowedError")) : real(constraints);
    });
    const check = new DeviceCheckPage(page);
    await check.goto();

    await expect(check.permissionHelp()).toHaveAttribute("data-problem", "denied");
    await expect(check.permissionHelp()).toContainText("Your browser is blocking the camera or microphone");
    await expect(check.permissionHelp()).toContainText("Always allow");
    await expect(check.continueButton()).toBeDisabled();

    await page.evaluate(() => ((window as unknown as { __blocked: boolean }).__blocked = false));
    await page.getByTestId(TID.deviceCheckRetry).click();
    await check.expectReady();
    await check.expectPreviewLive();
    await expect(check.continueButton()).toBeEnabled();
  });
});

test.describe("test call (peer-to-peer, in the page)", { tag: "@provider-independent" }, () => {
  test("both sides see each other's live video, mute shows on the other side, and leaving and rejoining works", async ({ page }, testInfo) => {
    const check = new DeviceCheckPage(page);
    await check.goto();
    await check.expectReady();
    await check.continue();

    await startJoinTimer(page, TID.connectionTestStart, '[data-side="You"]');
    await check.startTestCall();
    const you = check.side("You");
    const echo = check.side("Test connection");

    const joinToFirstFrame = await joinToFirstFrameMs(page);
    testInfo.annotations.push({ type: "join→first remote frame (in-page P2P)", description: `${joinToFirstFrame} ms` });
    console.log(`[video] in-page test call: join click → first remote frame ${joinToFirstFrame} ms`);

    await you.expectConnectedTo("connection-test-echo");
    await echo.expectConnectedTo("connection-test-you");
    await expect(check.stats()).toContainText("Direct");

    // Mute on one side shows on the other.
    await expect(echo.remoteTile("connection-test-you")).toHaveAttribute("data-muted", "false");
    await you.toggleMic();
    await expect(echo.remoteTile("connection-test-you")).toHaveAttribute("data-muted", "true");
    await expect(echo.remoteTile("connection-test-you").getByTestId(TID.callMutedBadge)).toBeVisible();
    await you.toggleMic();
    await expect(echo.remoteTile("connection-test-you")).toHaveAttribute("data-muted", "false");

    // Camera off shows as off on the other side (no frozen picture).
    await you.toggleCamera();
    await expect(echo.remoteTile("connection-test-you")).toHaveAttribute("data-video", "off");
    await you.toggleCamera();
    await expect(echo.remoteTile("connection-test-you")).toHaveAttribute("data-video", "on");
    await expectLiveVideo(echo.remoteVideo("connection-test-you"), "video after the camera came back");

    // Leave, the other side is alone; rejoin, both see each other again.
    await you.leave();
    await expect(echo.state()).toHaveAttribute("data-state", "waiting");
    await expect(echo.remoteTile()).toHaveCount(0);
    await check.rejoin("You");
    await you.expectConnectedTo("connection-test-echo");
    await echo.expectConnectedTo("connection-test-you");
  });
});
