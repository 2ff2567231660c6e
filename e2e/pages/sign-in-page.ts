import type { Page } from "@playwright/test";
import { TID } from "../../lib/test-ids";

export class SignInPage {
  constructor(private readonly page: Page) {}

  async goto(query = "") {
    await this.page.goto(`/signin${query}`);
  }

  async signIn(email: string, password: string) {
    await this.page.getByTestId(TID.signinEmail).fill(email);
    await this.page.getByTestId(TID.signinPassword).fill(password);
    await this.page.getByTestId(TID.signinSubmit).click();
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
