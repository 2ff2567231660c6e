import type { Page } from "@playwright/test";
import { JOIN_TID } from "../../lib/test-ids";

/** The local mailbox (/dev/mailbox) as a patient would use it, and the join link's landing page. */
export class MailboxPage {
  constructor(private readonly page: Page) {}

  async open(to: string) {
    await this.page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
  }

  items() {
    return this.page.getByTestId("mailbox-item");
  }

  message() {
    return this.page.frameLocator('[data-testid="mailbox-message"]');
  }
}

export class JoinPage {
  constructor(private readonly page: Page) {}

  details() {
    return this.page.getByTestId(JOIN_TID.joinDetails);
  }

  heading() {
    return this.page.getByRole("heading", { level: 1 });
  }

  async join() {
    await this.page.getByTestId(JOIN_TID.joinSubmit).click();
  }

  problem() {
    return this.page.getByTestId(JOIN_TID.joinProblem);
  }

  otherAccount() {
    return this.page.getByTestId(JOIN_TID.joinOtherAccount);
  }

  async signOutAndContinue() {
    await this.page.getByTestId(JOIN_TID.joinSignOut).click();
  }
}
