"use client";

// The entry form (about 4 KiB gz) is downloaded when a form is shown — a clinician's vitals
// page, an open vitals request, "Enter readings" in the call — not with every page that
// could show one. clientOnly, not next/dynamic: its loadable modules are ~2 KiB gz more on
// every page that shows the form (see components/common/client-only.tsx).
import { clientOnly } from "@/components/common/client-only";
import { Skeleton } from "@/components/ui/skeleton";

export const VitalsEntryForm = clientOnly(() => import("./vitals-entry-form").then((m) => m.VitalsEntryForm), <Skeleton className="h-[300px] w-full" />);
