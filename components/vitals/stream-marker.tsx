"use client";

import { RadioIcon, WifiOffIcon } from "lucide-react";
import { VITALS_TID } from "@/lib/vitals-test-ids";
import { cn } from "@/lib/utils";
import type { StreamStatus } from "@/lib/vitals/staleness";

/**
 * "Live" while a device streams, "Stale — no reading for 12 s" once it has been quiet for
 * more than 3 s; "Updates every 15 s" when this screen is not receiving live updates.
 */
export function StreamMarker({ stream, live, className }: { stream: StreamStatus; live: boolean; className?: string }) {
  if (stream.stale) {
    return (
      <span
        role="status"
        data-testid={VITALS_TID.vitalsStale}
        className={cn(
          "inline-flex items-center gap-1.5 rounded-full border border-warning-border bg-warning-subtle px-2.5 py-0.5 text-xs font-semibold text-warning-subtle-foreground",
          className,
        )}
      >
        <WifiOffIcon aria-hidden className="size-3.5" />
        Stale — no reading for {Math.round((stream.quietForMs ?? 0) / 1000)} s
      </span>
    );
  }
  if (!live) {
    return <span className={cn("text-xs text-muted-foreground", className)}>Not live — refreshes every 15 s</span>;
  }
  if (stream.streaming) {
    return (
      <span className={cn("inline-flex items-center gap-1.5 text-xs font-medium text-success", className)}>
        <RadioIcon aria-hidden className="size-3.5" /> Streaming
      </span>
    );
  }
  return null;
}
