// When a reading raises, re-triggers or re-arms a vitals alert. Pure, so every rule is unit
// tested; record-observations applies the decisions inside its transaction.
//
// Conditions (VitalAlert.condition):
//   NEWS2_AGGREGATE         NEWS2 total ≥ 5 (medium or high clinical risk)
//   NEWS2_SINGLE_PARAMETER  any one parameter scoring 3 (RCP "red score"), when the
//                           aggregate rule does not already hold for the same reading
//   THRESHOLD:<parameter>   outside a patient-specific range set by a clinician
//
// One open alert per patient and condition: while it is open, further triggering readings
// only update it (no storm). Once acknowledged, the condition does not raise again while it
// persists; it raises a new alert when it recurs after a reading showed it had cleared, or
// when the patient gets worse (escalation re-alert):
//   - the aggregate rises into a higher RCP escalation band (5–6 urgent review → ≥ 7
//     emergency response; `news2Band`),
//   - a parameter scores 3 that did not when the alert was raised,
//   - the aggregate rises by `news2Rise` or more (ALERT_NEWS2_REALERT_RISE) since the alert.
// An incomplete set never clears anything: what was not measured is unknown, not normal.

import type { VitalValues, ThresholdParameter } from "@/lib/vitals/parameters";
import { NEWS2_PARAMETERS, type News2Parameter, type News2Result } from "@/lib/vitals/news2";

export const AGGREGATE_ALERT_TOTAL = 5;
export const HIGH_RISK_TOTAL = 7;
/** Default for ALERT_NEWS2_REALERT_RISE. */
export const DEFAULT_NEWS2_REALERT_RISE = 3;

export interface AlertRuleOptions {
  /** A NEWS2 rise of this much since an acknowledged alert raises a new one. */
  news2Rise: number;
}

const DEFAULT_OPTIONS: AlertRuleOptions = { news2Rise: DEFAULT_NEWS2_REALERT_RISE };

export type AlertCondition = "NEWS2_AGGREGATE" | "NEWS2_SINGLE_PARAMETER" | `THRESHOLD:${ThresholdParameter}`;

export interface ThresholdRule {
  parameter: ThresholdParameter;
  min: number | null;
  max: number | null;
}

/** What one reading says about one condition. `holds: null` — the reading cannot tell. */
export interface Finding {
  condition: AlertCondition;
  holds: boolean | null;
  /** Whether, if it holds, this reading may raise it (single-parameter yields to aggregate). */
  mayRaise: boolean;
  news2Total: number | null;
  /** NEWS2 parameters scoring 3, or the threshold parameter that is out of range. */
  parameters: string[];
  /** Parameters the reading measured (to know whether an acknowledged alert has cleared). */
  measured: string[];
  /** For thresholds: the value and the range it left. */
  value?: number;
  min?: number | null;
  max?: number | null;
}

/** The latest alert of a condition for the patient, as the rules need it. */
export interface PriorAlert {
  id: string;
  condition: AlertCondition;
  status: "OPEN" | "ACKNOWLEDGED";
  news2Total: number | null;
  parameters: string[];
  /** Set once a reading showed the acknowledged condition had gone. */
  cleared: boolean;
}

export type AlertAction = { kind: "raise"; finding: Finding } | { kind: "retrigger"; alertId: string; finding: Finding } | { kind: "clear"; alertId: string };

export function thresholdCondition(parameter: ThresholdParameter): AlertCondition {
  return `THRESHOLD:${parameter}`;
}

export function evaluateReading(values: VitalValues, news2: News2Result, thresholds: readonly ThresholdRule[]): Finding[] {
  const measured = NEWS2_PARAMETERS.filter((p) => news2.scores[p] !== null);
  const threes = NEWS2_PARAMETERS.filter((p) => news2.scores[p] === 3);
  const aggregateHolds = news2.total >= AGGREGATE_ALERT_TOTAL ? true : news2.complete ? false : null;

  const findings: Finding[] = [
    {
      condition: "NEWS2_AGGREGATE",
      holds: aggregateHolds,
      mayRaise: true,
      news2Total: news2.total,
      parameters: threes,
      measured,
    },
    {
      condition: "NEWS2_SINGLE_PARAMETER",
      // "Does not hold" needs the parameters measured; which ones is decided against the prior alert.
      holds: threes.length > 0 ? true : false,
      mayRaise: aggregateHolds !== true,
      news2Total: news2.total,
      parameters: threes,
      measured,
    },
  ];

  for (const rule of thresholds) {
    const value = values[rule.parameter];
    const outside = value === undefined ? null : (rule.min !== null && value < rule.min) || (rule.max !== null && value > rule.max);
    findings.push({
      condition: thresholdCondition(rule.parameter),
      holds: outside,
      mayRaise: true,
      news2Total: news2.total,
      parameters: outside ? [rule.parameter] : [],
      measured: value === undefined ? [] : [rule.parameter],
      value,
      min: rule.min,
      max: rule.max,
    });
  }
  return findings;
}

/** Whether a reading that did not trigger shows the prior alert's condition has gone. */
function showsCleared(finding: Finding, prior: PriorAlert): boolean {
  if (finding.holds !== false) return false;
  if (finding.condition === "NEWS2_SINGLE_PARAMETER") {
    // Every parameter that scored 3 must have been measured again (and scored less).
    return prior.parameters.every((p) => finding.measured.includes(p as News2Parameter));
  }
  return true;
}

/** The RCP escalation band of a NEWS2 aggregate: 0 below 5, 1 urgent (5–6), 2 emergency (≥ 7). */
export function news2Band(total: number): 0 | 1 | 2 {
  return total >= HIGH_RISK_TOTAL ? 2 : total >= AGGREGATE_ALERT_TOTAL ? 1 : 0;
}

function isWorse(finding: Finding, prior: PriorAlert, options: AlertRuleOptions): boolean {
  if (finding.condition === "NEWS2_AGGREGATE") {
    const now = finding.news2Total ?? 0;
    const then = prior.news2Total ?? 0;
    return news2Band(now) > news2Band(then) || now - then >= options.news2Rise || finding.parameters.some((p) => !prior.parameters.includes(p));
  }
  if (finding.condition === "NEWS2_SINGLE_PARAMETER") {
    return finding.parameters.some((p) => !prior.parameters.includes(p));
  }
  return false;
}

/** What to do about one condition, given its latest alert (or none). */
export function decide(finding: Finding, prior: PriorAlert | undefined, options: AlertRuleOptions = DEFAULT_OPTIONS): AlertAction | null {
  if (finding.holds === true) {
    if (prior?.status === "OPEN") return { kind: "retrigger", alertId: prior.id, finding };
    if (!finding.mayRaise) return null;
    if (!prior || prior.cleared || isWorse(finding, prior, options)) return { kind: "raise", finding };
    return null; // acknowledged and still going on: the clinician already knows
  }
  if (prior?.status === "ACKNOWLEDGED" && !prior.cleared && showsCleared(finding, prior)) {
    return { kind: "clear", alertId: prior.id };
  }
  return null;
}

/** The prior state after an action, so a batch of readings can be decided in order. */
export function applyAction(prior: PriorAlert | undefined, action: AlertAction, newAlertId?: string): PriorAlert | undefined {
  switch (action.kind) {
    case "raise":
      return {
        id: newAlertId ?? "pending",
        condition: action.finding.condition,
        status: "OPEN",
        news2Total: action.finding.news2Total,
        parameters: action.finding.parameters,
        cleared: false,
      };
    case "retrigger":
      return (
        prior && {
          ...prior,
          news2Total: Math.max(prior.news2Total ?? 0, action.finding.news2Total ?? 0),
          parameters: [...new Set([...prior.parameters, ...action.finding.parameters])],
        }
      );
    case "clear":
      return prior && { ...prior, cleared: true };
  }
}
