"use client";

import { ActivityIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useServerRefresh } from "@/components/common/use-server-refresh";
import { patientChannel } from "@/lib/realtime/channels";
import { PATIENT_TID } from "@/lib/patient-test-ids";

const REQUEST_EVENTS = ["vitals.requested", "vitals.request.closed"] as const;

/**
 * On every patient page: when a clinician has asked for readings, a banner leading to the
 * form (the vitals page and the call's panel show the form itself instead). The layout reads
 * the open request on the server; a request made or closed refreshes it (`useServerRefresh`),
 * so the patient's pages download no tRPC client for it.
 */
export function VitalsRequestBanner({ patientId, request }: { patientId: string; request: { id: string; requestedByName: string } | null }) {
  const pathname = usePathname();
  const hidden = pathname === "/patient/vitals" || pathname.startsWith("/session/");
  // Events on every page (a request closed on the vitals page must not reappear here on the
  // way back: the layout is not rendered again on navigation); the poll only where it shows.
  // Events and the realtime reconnect carry it; the poll is the last net, once a minute like the
  // list's, since each refresh renders the whole route (its reads, each audited).
  useServerRefresh({ channel: patientChannel(patientId), events: REQUEST_EVENTS, everyMs: hidden ? null : 60_000 });
  if (!request || hidden) return null;
  return (
    <div
      role="status"
      data-testid={PATIENT_TID.vitalsRequestPrompt}
      data-request-id={request.id}
      className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded-lg border-2 border-info-border bg-info-subtle px-4 py-3 text-sm text-info-subtle-foreground"
    >
      <span className="inline-flex items-center gap-2 font-semibold">
        <ActivityIcon aria-hidden className="size-4" />
        {request.requestedByName} asked you to take your vitals now.
      </span>
      <Link href="/patient/vitals" className="font-medium underline underline-offset-2">
        Enter readings
      </Link>
    </div>
  );
}
