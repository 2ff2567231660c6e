"use client";

// The charts load once a page has history to draw (a separate few-KiB chunk), so the call
// room, where they sit in a tab, and the vitals pages hydrate without them. clientOnly, not
// next/dynamic (whose loadable modules are ~2 KiB gz more per page).
import { clientOnly } from "@/components/common/client-only";
import { Skeleton } from "@/components/ui/skeleton";

export const VitalsCharts = clientOnly(() => import("./vitals-charts").then((m) => m.VitalsCharts), <Skeleton className="h-40 w-full" />);
