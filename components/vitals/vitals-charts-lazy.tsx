"use client";

// The charts pull in recharts (~100 KiB gz): load them only once a page has history to draw,
// so the call room and the vitals pages hydrate without them.
import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

export const VitalsCharts = dynamic(() => import("./vitals-charts").then((m) => m.VitalsCharts), {
  ssr: false,
  loading: () => <Skeleton className="h-40 w-full" />,
});
