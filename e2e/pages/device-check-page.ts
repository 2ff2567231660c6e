import { expect, type Page } from "@playwright/test";
import { TID } from "../../lib/test-ids";
import { CallRoomPart, expectLiveVideo } from "./call-page";

/** /device-check: the device check, then a test call between two connections in the page. */
export class DeviceCheckPage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/device-check");
  }
  deviceCheck() {
    return this.page.getByTestId(TID.deviceCheck);
  }
  preview() {
    return this.page.getByTestId(TID.deviceCheckPreview);
  }
  micLevel() {
    return this.page.getByTestId(TID.deviceCheckMicLevel);
  }
  permissionHelp() {
    return this.page.getByTestId(TID.deviceCheckPermissionHelp);
  }
  continueButton() {
    return this.page.getByTestId(TID.deviceCheckContinue);
  }
  async expectPreviewLive() {
    await expectLiveVideo(this.preview(), "camera preview");
  }
  async continue() {
    await this.continueButton().click();
  }
  async startTestCall() {
    await this.page.getByTestId(TID.connectionTestStart).click();
  }
  /** "You" and "Test connection": the two sides of the test call. */
  side(title: "You" | "Test connection") {
    return new CallRoomPart(this.page.locator(`[data-side="${title}"]`));
  }
  async rejoin(title: "You" | "Test connection") {
    await this.page.locator(`[data-side="${title}"]`).getByRole("button", { name: "Rejoin" }).click();
  }
  stats() {
    return this.page.getByTestId(TID.connectionTestStats);
  }
  async expectReady() {
    await expect(this.deviceCheck()).toHaveAttribute("data-status", "ready");
  }
}
