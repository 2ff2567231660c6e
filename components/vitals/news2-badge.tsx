"use client";

import { Badge, RiskBadge, type News2RiskLevel } from "@/components/ui/badge";
import { VITALS_TID } from "@/lib/vitals-test-ids";
import { cn } from "@/lib/utils";

export interface News2BadgeProps {
  total: number;
  risk: News2RiskLevel;
  complete: boolean;
  className?: string;
}

/**
 * The NEWS2 score and its risk band. An incomplete set is never shown as reassuring: a low
 * partial score reads "incomplete" without the green "low risk"; a higher one keeps its
 * colour (a partial total can only rise) and says it is partial.
 */
export function News2Badge({ total, risk, complete, className }: News2BadgeProps) {
  const data = { "data-testid": VITALS_TID.vitalsNews2, "data-risk": risk, "data-total": total, "data-complete": complete };
  if (!complete && risk === "LOW") {
    return (
      <Badge variant="outline" className={cn("border-dashed", className)} {...data} title="Not every NEWS2 parameter was measured">
        <span className="tabular-nums">NEWS2 ≥ {total}</span>
        <span aria-hidden="true">·</span>
        <span>Incomplete set</span>
      </Badge>
    );
  }
  return (
    <RiskBadge risk={risk} className={className} {...data}>
      <span className="tabular-nums">
        NEWS2 {complete ? "" : "≥ "}
        {total}
      </span>
      <span aria-hidden="true">·</span>
      <span>{RISK_LABEL[risk]} risk</span>
      {complete ? null : <span className="font-normal">(incomplete)</span>}
    </RiskBadge>
  );
}

export const RISK_LABEL: Record<News2RiskLevel, string> = {
  LOW: "Low",
  LOW_MEDIUM: "Low–medium",
  MEDIUM: "Medium",
  HIGH: "High",
};
