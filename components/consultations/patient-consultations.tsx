import { CalendarClockIcon } from "lucide-react";
import { LiveRefresh } from "@/components/common/live-refresh";
import { LocalTime } from "@/components/common/local-time";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { patientChannel } from "@/lib/realtime/channels";
import { TID } from "@/lib/test-ids";
import { joinWindow } from "@/lib/join-window";
import type { TListUpcomingOutput } from "@/server/api/routers/consultations/schemas";
import { CONSULTATION_STATUS_LABEL, isFinished } from "./consultation-status";
import { JoinVisit } from "./join-visit";

const CHANGES = ["consultation.updated"] as const;

/**
 * The patient's consultations in the coming days, rendered on the server: their clinician,
 * the time and a join button that opens with the join window (with a countdown before it).
 * Booked, moved or cancelled consultations show live: the route renders again on the
 * patient's channel (and every minute), so the page needs no tRPC client.
 */
export function PatientConsultations({ upcoming, patientId }: { upcoming: TListUpcomingOutput; patientId: string | null }) {
  const { consultations, joinWindowPolicy } = upcoming;
  const live = <LiveRefresh channel={patientId ? patientChannel(patientId) : null} events={CHANGES} everyMs={60_000} />;
  if (consultations.length === 0) {
    return (
      <>
        {live}
        <EmptyState
          headingLevel="h2"
          icon={<CalendarClockIcon />}
          title="No consultations in the next 7 days"
          description="When your clinic books a video visit it will appear here."
        />
      </>
    );
  }
  return (
    <>
      {live}
      <ul className="divide-y rounded-lg border bg-card" data-testid={TID.upcomingList}>
        {consultations.map((c) => (
          <li key={c.id} className="flex flex-wrap items-center justify-between gap-3 p-4" data-testid={TID.consultationRow} data-consultation-id={c.id}>
            <div className="min-w-0">
              <p className="font-medium">Video visit with {c.clinician.name}</p>
              <p className="text-sm text-muted-foreground">
                <LocalTime value={c.scheduledStart} /> · {c.durationMinutes} min{c.reason ? ` · ${c.reason}` : ""}
              </p>
            </div>
            <div className="flex flex-wrap items-center gap-2">
              <Badge variant={c.status === "IN_PROGRESS" ? "info" : "secondary"}>{CONSULTATION_STATUS_LABEL[c.status] ?? c.status}</Badge>
              {c.session && !isFinished(c.status) && (
                <JoinVisit href={`/session/${c.session.id}`} joinWindow={joinWindow(c.scheduledStart, joinWindowPolicy)} />
              )}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
