// How alert conditions (VitalAlert.condition) read to people: alert lists, toasts, emails.
import type { ThresholdParameter } from "./parameters";

const CONDITION_LABELS: Record<string, string> = {
  NEWS2_AGGREGATE: "NEWS2 of 5 or more",
  NEWS2_SINGLE_PARAMETER: "A single NEWS2 parameter scoring 3",
};

const THRESHOLD_LABELS: Record<ThresholdParameter, string> = {
  heartRate: "Heart rate",
  systolicBp: "Systolic blood pressure",
  respiratoryRate: "Respiratory rate",
  spo2: "Oxygen saturation",
  temperature: "Temperature",
};

/** A short description of a condition for people (emails, alert lists). */
export function describeCondition(condition: string): string {
  if (condition.startsWith("THRESHOLD:")) {
    const parameter = condition.slice("THRESHOLD:".length) as ThresholdParameter;
    return `${THRESHOLD_LABELS[parameter] ?? parameter} outside the patient's set range`;
  }
  return CONDITION_LABELS[condition] ?? condition;
}
