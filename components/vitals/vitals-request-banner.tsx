"use client";

import { ActivityIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { TID } from "@/lib/test-ids";
import { usePendingRequests } from "./vitals-request";

/**
 * On every patient page: when a clinician has asked for readings, a banner leading to the
 * form (the vitals page and the call's panel show the form itself instead).
 */
export function VitalsRequestBanner({ patientId }: { patientId: string }) {
  const pathname = usePathname();
  const pending = usePendingRequests(patientId);
  const open = pending.data?.[0];
  if (!open || pathname === "/patient/vitals" || pathname.startsWith("/session/")) return null;
  return (
    <div
      role="status"
      data-testid={TID.vitalsRequestPrompt}
      data-request-id={open.id}
      className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded-lg border-2 border-info-border bg-info-subtle px-4 py-3 text-sm text-info-subtle-foreground"
    >
      <span className="inline-flex items-center gap-2 font-semibold">
        <ActivityIcon aria-hidden className="size-4" />
        {open.requestedByName} asked you to take your vitals now.
      </span>
      <Link href="/patient/vitals" className="font-medium underline underline-offset-2">
        Enter readings
      </Link>
    </div>
  );
}
