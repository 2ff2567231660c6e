import "server-only";
import { env } from "@/env";
import { joinWindow, type JoinWindow, type JoinWindowPolicy } from "@/lib/join-window";

/** The clinic's join-window policy: the one place it is read from the environment. */
export function joinWindowPolicy(): JoinWindowPolicy {
  return { beforeMinutes: env.JOIN_WINDOW_BEFORE_MINUTES, afterMinutes: env.JOIN_WINDOW_AFTER_MINUTES };
}

/** The join window around a scheduled start, under the clinic's policy. */
export function joinWindowAt(scheduledStart: Date): JoinWindow {
  return joinWindow(scheduledStart, joinWindowPolicy());
}
