import { expect, type Locator, type Page } from "@playwright/test";
import { TID } from "../../lib/test-ids";

/** A patient's vitals page, as a clinician (/clinician/patients/[id]/vitals) or the patient (/patient/vitals). */
export class VitalsPage {
  constructor(readonly page: Page) {}

  async openAsClinician(patientId: string) {
    await this.page.goto(`/clinician/patients/${patientId}/vitals`);
    await expect(this.view()).toBeVisible();
  }

  async openAsPatient() {
    await this.page.goto("/patient/vitals");
    await expect(this.view()).toBeVisible();
  }

  view(): Locator {
    return this.page.getByTestId(TID.vitalsView);
  }

  chart(vital: "heartRate" | "spo2" | "news2" | "respiratoryRate" | "bloodPressure" | "temperature"): Locator {
    return this.page
      .getByTestId(TID.vitalsChart)
      .and(this.page.locator(`[data-vital="${vital}"]`))
      .first();
  }

  tile(vital: string): Locator {
    return this.page
      .getByTestId(TID.vitalsTile)
      .and(this.page.locator(`[data-vital="${vital}"]`))
      .first();
  }

  news2(): Locator {
    return this.page.getByTestId(TID.vitalsNews2).first();
  }

  alerts(): Locator {
    return this.page.getByTestId(TID.vitalsAlert);
  }

  stale(): Locator {
    return this.page.getByTestId(TID.vitalsStale);
  }

  async acknowledge(note: string) {
    await this.alerts().first().getByTestId(TID.vitalsAcknowledge).click();
    await this.page.getByTestId(TID.vitalsAcknowledgeNote).fill(note);
    await this.page.getByTestId(TID.vitalsAcknowledgeConfirm).click();
  }

  /** Fills the first entry form on the page (the request prompt's, when one is open). */
  async enterReadings(form: Locator, values: Partial<Record<"heartRate" | "systolicBp" | "diastolicBp" | "respiratoryRate" | "spo2" | "temperature", string>>) {
    for (const [name, value] of Object.entries(values)) await form.locator(`input[name="${name}"]`).fill(value);
    await form.getByTestId(TID.vitalsEntrySubmit).click();
  }
}
