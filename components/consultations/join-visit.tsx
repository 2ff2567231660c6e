"use client";

import { VideoIcon } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { formatTimeUntil } from "@/lib/format";
import { joinWindowState, type JoinWindow } from "@/lib/join-window";
import { useNow } from "@/lib/hooks/use-now";
import { PATIENT_TID } from "@/lib/patient-test-ids";

/** The patient's join button: opens with the join window, with a countdown before it. */
export function JoinVisit({ href, joinWindow }: { href: string; joinWindow: JoinWindow }) {
  const now = useNow(1000);
  // Before hydration completes there is no clock yet; the edge case (a window opening in the
  // second between server render and hydration) fixes itself on the next tick.
  const state = joinWindowState(joinWindow, now ?? new Date());
  if (state === "open") {
    return (
      <Button asChild size="sm" data-testid={PATIENT_TID.joinButton}>
        <Link href={href}>
          <VideoIcon aria-hidden />
          Join video visit
        </Link>
      </Button>
    );
  }
  if (state === "early") {
    return (
      <div className="flex flex-col items-end gap-1">
        <Button size="sm" disabled data-testid={PATIENT_TID.joinButton}>
          <VideoIcon aria-hidden />
          Join video visit
        </Button>
        <span className="text-xs text-muted-foreground" data-testid={PATIENT_TID.joinCountdown}>
          {now ? `You can join in ${formatTimeUntil(joinWindow.opensAt.getTime() - now.getTime())}` : "Not open yet"}
        </span>
      </div>
    );
  }
  return <span className="text-sm text-muted-foreground">The time to join has passed</span>;
}
