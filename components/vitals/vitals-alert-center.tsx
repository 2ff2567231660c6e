"use client";

// A clinician's live alert inbox, on every clinician page: a toast the moment an alert is
// raised on any patient in their care, and a banner with the count until each is
// acknowledged. Fed by private-clinician-{id}, so it works without any patient page open.

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { BellRingIcon } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { toast } from "sonner";
import { clinicianChannel } from "@/lib/realtime/channels";
import { useRealtimeEvent } from "@/lib/realtime/client/hooks";
import { describeCondition } from "@/lib/vitals/conditions";
import { TID } from "@/lib/test-ids";
import { useTRPC } from "@/trpc/react";

export function VitalsAlertCenter({ clinicianId }: { clinicianId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const open = useQuery({ ...trpc.vitals.alerts.list.queryOptions({}), refetchInterval: 60_000 });

  useRealtimeEvent(clinicianChannel(clinicianId), "vitals.alert.updated", (p) => {
    if (p.status === "ACKNOWLEDGED") {
      // Gone for everyone at once; the refetch below confirms.
      queryClient.setQueriesData<{ id: string }[]>(trpc.vitals.alerts.list.queryFilter(), (old) => old?.filter((a) => a.id !== p.alertId));
    }
    void queryClient.invalidateQueries(trpc.vitals.alerts.list.queryFilter());
    void queryClient.invalidateQueries({ queryKey: trpc.vitals.summary.queryKey({ patientId: p.patientId }) });
    if (p.status !== "OPEN") return;
    toast.error("New vitals alert", {
      id: `vitals-alert-${p.alertId}`,
      description: `${describeCondition(p.condition)}${p.news2Total !== null ? ` (NEWS2 ${p.news2Total})` : ""}`,
      duration: 30_000,
      action: { label: "Review", onClick: () => router.push(`/clinician/patients/${p.patientId}/vitals`) },
    });
  });

  const count = open.data?.length ?? 0;
  if (count === 0 || pathname === "/clinician/alerts") return null;
  return (
    <div
      role="status"
      data-testid={TID.vitalsAlertBanner}
      data-count={count}
      className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded-lg border border-destructive-border bg-destructive-subtle px-4 py-2 text-sm text-destructive-subtle-foreground"
    >
      <span className="inline-flex items-center gap-2 font-semibold">
        <BellRingIcon aria-hidden className="size-4" />
        {count === 1 ? "1 open vitals alert" : `${count} open vitals alerts`}
      </span>
      <Link href="/clinician/alerts" className="font-medium underline underline-offset-2">
        Review alerts
      </Link>
    </div>
  );
}
