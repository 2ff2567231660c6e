"use client";

import { useQuery, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { CalendarClockIcon, DoorOpenIcon, VideoIcon } from "lucide-react";
import Link from "next/link";
import { LocalTime } from "@/components/common/local-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { useNow } from "@/lib/hooks/use-now";
import { joinWindow, joinWindowState } from "@/lib/join-window";
import { clinicianChannel } from "@/lib/realtime/channels";
import { useRealtimeEvent } from "@/lib/realtime/client/hooks";
import { CLINICIAN_TID } from "@/lib/clinician-test-ids";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";
import { ConsultationActions } from "./consultation-actions-lazy";
import { CONSULTATION_STATUS_LABEL, isFinished } from "./consultation-status";
import { RunningLate } from "@/components/waiting-room/running-late";
import { useAdmitFromList } from "@/components/waiting-room/use-admit-from-list";
import { WaitingMessages } from "@/components/waiting-room/waiting-messages";
import { WAITING_TID } from "@/lib/waiting-test-ids";

function minutesSince(from: Date, now: Date) {
  return Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000));
}

/**
 * Consultations in the coming days, for staff: the patient, who is waiting and for how long,
 * Admit and the room. (The patient's own list is `PatientConsultations`, rendered on the
 * server.)
 */
export function UpcomingConsultations({
  clinicianId,
}: {
  /** A clinician viewing their own agenda: arrivals in the waiting room show live. */
  clinicianId?: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow(1000);
  const {
    data: { consultations, joinWindowPolicy },
  } = useSuspenseQuery({ ...trpc.consultations.upcoming.queryOptions({ days: 7 }), refetchInterval: 60_000 });
  const refresh = () => void refreshQueries(queryClient, { queryKey: trpc.consultations.upcoming.queryKey() });
  useRealtimeEvent(clinicianId ? clinicianChannel(clinicianId) : null, "waiting.arrived", refresh);
  // A clinician's own agenda: who waits (and what they wrote), one-click Admit and "running late".
  const waitingRoom = useQuery({ ...trpc.waitingRoom.list.queryOptions(), enabled: Boolean(clinicianId), refetchInterval: 30_000 });
  const { admit, pendingSessionId } = useAdmitFromList(clinicianId ?? "");
  if (consultations.length === 0) {
    return (
      <EmptyState
        headingLevel="h2"
        icon={<CalendarClockIcon />}
        title="No consultations in the next 7 days"
        description="Book a consultation to see it here."
      />
    );
  }
  return (
    <ul className="divide-y rounded-lg border bg-card" data-testid={CLINICIAN_TID.upcomingList}>
      {consultations.map((c) => {
        // Before hydration completes there is no clock yet; the edge case (a window opening in
        // the second between server render and hydration) fixes itself on the next tick.
        const windowState = joinWindowState(joinWindow(c.scheduledStart, joinWindowPolicy), now ?? new Date());
        const finished = isFinished(c.status);
        const roomHref = c.session ? `/session/${c.session.id}` : null;
        const waiting = clinicianId && c.session ? waitingRoom.data?.find((w) => w.sessionId === c.session!.id) : undefined;
        const canAdmit = Boolean(
          clinicianId && c.session && !finished && (waiting?.waiting.length ?? (c.patientArrivedAt && c.status !== "IN_PROGRESS" ? 1 : 0)) > 0,
        );
        const canSendLate = Boolean(clinicianId && c.session?.status === "SCHEDULED" && !finished && windowState === "open");
        return (
          <li
            key={c.id}
            className="flex flex-wrap items-center justify-between gap-3 p-4"
            data-testid={CLINICIAN_TID.consultationRow}
            data-consultation-id={c.id}
          >
            <div className="min-w-0">
              <p className="font-medium">{c.patient.name}</p>
              <p className="text-sm text-muted-foreground">
                <LocalTime value={c.scheduledStart} /> · {c.durationMinutes} min{c.reason ? ` · ${c.reason}` : ""}
              </p>
            </div>
            <div className="flex flex-wrap items-center gap-2">
              {c.patientArrivedAt ? (
                <Badge variant="warning" data-testid={CLINICIAN_TID.waitingBadge}>
                  {now ? `Waiting ${minutesSince(c.patientArrivedAt, now)} min` : "Waiting"}
                </Badge>
              ) : (
                <Badge variant={c.status === "IN_PROGRESS" ? "info" : "secondary"}>{CONSULTATION_STATUS_LABEL[c.status] ?? c.status}</Badge>
              )}
              {canAdmit && c.session && (
                <Button
                  size="sm"
                  loading={pendingSessionId === c.session.id}
                  onClick={() =>
                    void admit(
                      c.session!.id,
                      (waiting?.waiting ?? []).filter((p) => p.role === "GUEST").map((p) => p.userId),
                    )
                  }
                  data-testid={WAITING_TID.admitFromList}
                >
                  <DoorOpenIcon aria-hidden />
                  Admit {waiting?.waiting[0]?.displayName ?? c.patient.name}
                </Button>
              )}
              {roomHref && !finished && (
                <Button asChild size="sm" variant={c.patientArrivedAt && !canAdmit ? "default" : "outline"} data-testid={CLINICIAN_TID.openRoom}>
                  <Link href={roomHref}>
                    <VideoIcon aria-hidden />
                    {c.status === "IN_PROGRESS" ? "Return to call" : "Open room"}
                  </Link>
                </Button>
              )}
              {c.status === "SCHEDULED" && <ConsultationActions consultationId={c.id} scheduledStart={c.scheduledStart} durationMinutes={c.durationMinutes} />}
            </div>
            {(waiting?.messages.length || canSendLate) && c.session ? (
              <div className="flex w-full flex-col gap-2">
                <WaitingMessages messages={waiting?.messages ?? []} />
                {canSendLate && <RunningLate sessionId={c.session.id} lastSent={waiting?.lateNotice ?? null} />}
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
