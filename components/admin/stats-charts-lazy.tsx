"use client";

// The charts pull in recharts (~100 KiB gz): the overview's figures and tables render and
// hydrate without it, and recharts is downloaded only once a chart comes near the viewport
// (they sit below the figures). Each placeholder has its chart's height, so nothing moves.
import type { ComponentProps } from "react";
import { clientOnly } from "@/components/common/client-only";
import { WhenVisible } from "@/components/common/when-visible";
import { Skeleton } from "@/components/ui/skeleton";
import type * as Charts from "./stats-charts";

const tall = <Skeleton className="h-[260px] w-full" />;
const short = <Skeleton className="h-[220px] w-full" />;

const Sessions = clientOnly(() => import("./stats-charts").then((m) => m.SessionsPerDayChart), tall);
const Revenue = clientOnly(() => import("./stats-charts").then((m) => m.RevenuePerDayChart), tall);
const Issues = clientOnly(() => import("./stats-charts").then((m) => m.IssuesChart), short);

export function SessionsPerDayChart(props: ComponentProps<typeof Charts.SessionsPerDayChart>) {
  return (
    <WhenVisible placeholder={tall}>
      <Sessions {...props} />
    </WhenVisible>
  );
}

export function RevenuePerDayChart(props: ComponentProps<typeof Charts.RevenuePerDayChart>) {
  return (
    <WhenVisible placeholder={tall}>
      <Revenue {...props} />
    </WhenVisible>
  );
}

export function IssuesChart(props: ComponentProps<typeof Charts.IssuesChart>) {
  return (
    <WhenVisible placeholder={short}>
      <Issues {...props} />
    </WhenVisible>
  );
}
