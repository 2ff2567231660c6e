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

/**
 * The RCP (NEWS2, 2017) clinical response a NEWS2 aggregate calls for: 5–6 an urgent review
 * by a clinician competent in acute illness, 7 or more an emergency response. Below 5: none
 * from the aggregate (a single parameter scoring 3 asks for an urgent ward-based review).
 */
export function news2Escalation(total: number): { band: "urgent" | "emergency" | null; label: string | null } {
  if (total >= 7) return { band: "emergency", label: "high clinical risk: emergency response" };
  if (total >= 5) return { band: "urgent", label: "medium clinical risk: urgent review" };
  return { band: null, label: null };
}

/**
 * An alert's title: names the RCP band and the score for the NEWS2 aggregate ("NEWS2 14 —
 * high clinical risk: emergency response"), so a re-alert reads differently from the first.
 */
export function describeAlert(condition: string, news2Total: number | null): string {
  if (condition === "NEWS2_AGGREGATE" && news2Total !== null) {
    const { label } = news2Escalation(news2Total);
    return label ? `NEWS2 ${news2Total} — ${label}` : `NEWS2 ${news2Total}`;
  }
  if (condition === "NEWS2_SINGLE_PARAMETER") {
    return `A single NEWS2 parameter scoring 3 — urgent review${news2Total !== null ? ` (NEWS2 ${news2Total})` : ""}`;
  }
  return describeCondition(condition);
}

/** A short description of a condition for people (emails, alert lists). */
export function describeCondition(condition: string): string {
  if (condition.startsWith("THRESHOLD:")) {
    const parameter = condition.slice("THRESHOLD:".length) as ThresholdParameter;
    return `${THRESHOLD_LABELS[parameter] ?? parameter} outside the patient's set range`;
  }
  return CONDITION_LABELS[condition] ?? condition;
}
