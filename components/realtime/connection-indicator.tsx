"use client";

import { CONNECTION_DESCRIPTION, CONNECTION_LABEL, type ConnectionState } from "@/lib/realtime/client/connection-state";
import { useConnectionState } from "@/lib/realtime/client/context";
import { SHELL_TID as TID } from "@/lib/shell-test-ids";
import { cn } from "@/lib/utils";

const DOT: Record<ConnectionState, string> = {
  connected: "bg-success",
  connecting: "bg-muted-foreground animate-pulse",
  reconnecting: "bg-warning animate-pulse",
  offline: "bg-destructive",
};

const PILL: Record<ConnectionState, string> = {
  connected: "text-muted-foreground",
  connecting: "text-muted-foreground",
  reconnecting: "border-warning-border bg-warning-subtle text-warning-subtle-foreground",
  offline: "border-destructive-border bg-destructive-subtle text-destructive-subtle-foreground",
};

/**
 * Whether live data on this screen is current: Live, Connecting…, Reconnecting…, Offline.
 * Announced politely to screen readers on change; trouble is spelled out on every screen
 * size, "Live" only from `sm` up (the dot and its accessible name stay on phones).
 */
export function ConnectionIndicator({ className }: { className?: string }) {
  const state = useConnectionState();
  const trouble = state === "reconnecting" || state === "offline";
  return (
    <div
      role="status"
      aria-live="polite"
      data-testid={TID.connectionIndicator}
      data-state={state}
      title={CONNECTION_DESCRIPTION[state]}
      className={cn(
        "inline-flex h-8 items-center gap-2 rounded-full border border-transparent px-2.5 text-xs font-medium whitespace-nowrap",
        PILL[state],
        className,
      )}
    >
      <span aria-hidden="true" className={cn("size-2.5 shrink-0 rounded-full", DOT[state])} />
      <span className={trouble ? undefined : "sr-only sm:not-sr-only"}>{CONNECTION_LABEL[state]}</span>
      <span className="sr-only">. {CONNECTION_DESCRIPTION[state]}</span>
    </div>
  );
}
