"use client";

import { useSuspenseQuery } from "@tanstack/react-query";
import { CalendarClockIcon } from "lucide-react";
import { LocalTime } from "@/components/common/local-time";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { TID } from "@/lib/test-ids";
import { useTRPC } from "@/trpc/react";

const STATUS_LABEL: Record<string, string> = {
  SCHEDULED: "Scheduled",
  WAITING: "Patient waiting",
  IN_PROGRESS: "In progress",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
  NO_SHOW: "No-show",
};

/** Consultations in the coming days; staff see the patient, patients see the clinician. */
export function UpcomingConsultations({ audience }: { audience: "staff" | "patient" }) {
  const trpc = useTRPC();
  const { data } = useSuspenseQuery(trpc.consultations.upcoming.queryOptions({ days: 7 }));
  if (data.length === 0) {
    return (
      <EmptyState
        icon={<CalendarClockIcon />}
        title="No consultations in the next 7 days"
        description={audience === "patient" ? "When your clinic books a video visit it will appear here." : "Booked consultations will appear here."}
      />
    );
  }
  return (
    <ul className="divide-y rounded-lg border bg-card" data-testid={TID.upcomingList}>
      {data.map((c) => (
        <li key={c.id} className="flex flex-wrap items-center justify-between gap-2 p-4">
          <div className="min-w-0">
            <p className="font-medium">{audience === "patient" ? `Video visit with ${c.clinician.name}` : c.patient.name}</p>
            <p className="text-sm text-muted-foreground">
              <LocalTime value={c.scheduledStart} /> · {c.durationMinutes} min{c.reason ? ` · ${c.reason}` : ""}
            </p>
          </div>
          <Badge variant={c.status === "WAITING" ? "warning" : "secondary"}>{STATUS_LABEL[c.status] ?? c.status}</Badge>
        </li>
      ))}
    </ul>
  );
}
