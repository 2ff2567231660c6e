"use client";

// The entry form (about 4 KiB gz) is downloaded when a form is shown — a clinician's vitals
// page, an open vitals request, "Enter readings" in the call — not with every page that
// could show one.
import dynamic from "next/dynamic";
import { Skeleton } from "@/components/ui/skeleton";

export const VitalsEntryForm = dynamic(() => import("./vitals-entry-form").then((m) => m.VitalsEntryForm), {
  ssr: false,
  loading: () => <Skeleton className="h-[300px] w-full" />,
});
