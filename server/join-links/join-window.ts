// When a consultation can be joined: from JOIN_WINDOW_BEFORE_MINUTES before its scheduled
// start until JOIN_WINDOW_AFTER_MINUTES after it. Join links stay valid until the window closes.

export interface JoinWindowPolicy {
  beforeMinutes: number;
  afterMinutes: number;
}

export interface JoinWindow {
  opensAt: Date;
  closesAt: Date;
}

export function joinWindow(scheduledStart: Date, policy: JoinWindowPolicy): JoinWindow {
  return {
    opensAt: new Date(scheduledStart.getTime() - policy.beforeMinutes * 60_000),
    closesAt: new Date(scheduledStart.getTime() + policy.afterMinutes * 60_000),
  };
}

export function joinWindowState(window: JoinWindow, now: Date): "before" | "open" | "closed" {
  if (now < window.opensAt) return "before";
  if (now >= window.closesAt) return "closed";
  return "open";
}
