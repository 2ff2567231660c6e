import { expect, type Page } from "@playwright/test";
import { TID } from "../../lib/test-ids";
import { CallRoomPart } from "./call-page";

/** /session/[sessionId] as a person uses it: device check, waiting room or lobby, the call, the end. */
export class SessionRoomPage {
  readonly call: CallRoomPart;
  constructor(readonly page: Page) {
    this.call = new CallRoomPart(page.locator("body"), { confirmsLeave: true });
  }

  async passDeviceCheck() {
    // Visible only: while React streams a page in, a copy of the room can sit in a hidden
    // node until it is revealed (React batches reveals), and it carries the same test ids.
    await expect(this.page.getByTestId(TID.deviceCheck).filter({ visible: true })).toHaveAttribute("data-status", "ready", { timeout: 20_000 });
    await this.page.getByTestId(TID.deviceCheckContinue).filter({ visible: true }).click();
  }

  waitingRoom() {
    return this.page.getByTestId(TID.waitingRoom);
  }

  async admit() {
    await this.page.getByTestId(TID.admitButton).click();
  }

  async sendChat(text: string) {
    await this.page.getByTestId(TID.chatInput).fill(text);
    await this.page.getByTestId(TID.chatSend).click();
  }

  chatMessages() {
    return this.page.getByTestId(TID.chatMessages);
  }

  async end(notes: string, addToBill = true) {
    await this.page.getByTestId(TID.endSession).click();
    await this.page.getByTestId(TID.endNotes).fill(notes);
    const box = this.page.getByTestId(TID.endAddToBill);
    if ((await box.isChecked()) !== addToBill) await box.click();
    await this.page.getByTestId(TID.endConfirm).click();
  }

  completed() {
    return this.page.getByTestId(TID.sessionCompleted);
  }
}
