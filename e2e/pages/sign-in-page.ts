import type { Page } from "@playwright/test";
import { TID } from "../../lib/test-ids";

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/signin${query}`);
  }

  /** Submits the password form and waits for the server's answer to this attempt. */
  async signIn(email: string, password: string) {
    await this.page.getByTestId(TID.signinEmail).fill(email);
    await this.page.getByTestId(TID.signinPassword).fill(password);
    const answered = this.page.waitForResponse((r) => r.url().includes("/api/auth/callback/credentials"));
    await this.page.getByTestId(TID.signinSubmit).click();
    return answered;
  }

  async requestMagicLink(email: string) {
    await this.page.getByRole("tab", { name: "Email link" }).click();
    await this.page.getByTestId(TID.magicEmail).fill(email);
    await this.page.getByTestId(TID.magicSubmit).click();
  }

  error() {
    return this.page.getByTestId(TID.signinError);
  }

  notice() {
    return this.page.getByTestId(TID.signinNotice);
  }
}
