"use client";

import { useQuery } from "@tanstack/react-query";
import { BellOffIcon } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/trpc/react";
import { AlertList } from "./alert-list";

/** Every open alert on the clinician's patients (kept live by <VitalsAlertCenter>). */
export function VitalsAlertsInbox() {
  const trpc = useTRPC();
  const open = useQuery({ ...trpc.vitals.alerts.list.queryOptions({}), refetchInterval: 30_000 });
  if (open.isPending) return <Skeleton className="h-32" />;
  if (open.isError) return <Alert variant="destructive">{open.error.message}</Alert>;
  if (open.data.length === 0) {
    return <EmptyState icon={<BellOffIcon />} title="No open alerts" description="Alerts on your patients appear here the moment they are raised." />;
  }
  return <AlertList alerts={open.data} showPatient canAcknowledge />;
}
