import { expect, type Page } from "@playwright/test";
import { TID } from "../../lib/test-ids";

const pad = (n: number) => String(n).padStart(2, "0");
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const localTime = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}`;

/** /clinician as a clinician uses it: today's consultations and the booking dialog. */
export class ClinicianHomePage {
  constructor(readonly page: Page) {}

  async goto() {
    await this.page.goto("/clinician");
  }

  /**
   * Books a consultation through the dialog; `patientName` picks the patient by a part of their
   * name. A new visit unless `intoOpenVisit` names the reason of the patient's open visit to add it to.
   */
  async book(opts: { patientName: string; start: Date; minutes?: number; reason: string; intoOpenVisit?: string }) {
    const { page } = this;
    await page.getByTestId(TID.bookConsultation).click();
    await page.getByTestId(TID.bookPatient).click();
    await page.getByRole("option", { name: new RegExp(opts.patientName) }).click();
    if (opts.intoOpenVisit)
      await page
        .getByTestId(TID.bookVisit)
        .getByRole("radio", { name: `Add to the open visit ${opts.intoOpenVisit}`, exact: false })
        .check();
    await page.getByTestId(TID.bookDate).fill(localDate(opts.start));
    await page.getByTestId(TID.bookTime).fill(localTime(opts.start));
    await page.getByTestId(TID.bookDuration).fill(String(opts.minutes ?? 15));
    await page.getByTestId(TID.bookReason).fill(opts.reason);
    await page.getByTestId(TID.bookSubmit).click();
    await expect(page.getByRole("dialog")).toBeHidden();
  }

  consultations() {
    return this.page.getByTestId(TID.consultationRow);
  }

  waitingBadge() {
    return this.page.getByTestId(TID.waitingBadge);
  }

  async openRoom() {
    await this.page.getByTestId(TID.openRoom).first().click();
  }
}
