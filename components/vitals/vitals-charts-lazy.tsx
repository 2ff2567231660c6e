"use client";

// The charts load once a page has history to draw (a separate few-KiB chunk), so the call
// room, where they sit in a tab, and the vitals pages hydrate without them.
import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

export const VitalsCharts = dynamic(() => import("./vitals-charts").then((m) => m.VitalsCharts), {
  ssr: false,
  loading: () => <Skeleton className="h-40 w-full" />,
});
