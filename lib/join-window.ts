// When a consultation can first be joined: from `before` minutes ahead of the scheduled start
// up to, not including, `after` minutes past it. The one join window: pure, shared by the
// server's checks, join-link expiry and the patient's countdown. The policy comes from env in
// one place (`server/join-links/join-window-policy.ts`).
//
// The window governs the *first admission* only: the session's clinician, and anyone already
// admitted, may rejoin until the session ends (see `server/sessions/session-context.ts`).

export interface JoinWindowPolicy {
  beforeMinutes: number;
  afterMinutes: number;
}

export interface JoinWindow {
  opensAt: Date;
  closesAt: Date;
}

export type JoinWindowState = "early" | "open" | "closed";

export function joinWindow(scheduledStart: Date, policy: JoinWindowPolicy): JoinWindow {
  return {
    opensAt: new Date(scheduledStart.getTime() - policy.beforeMinutes * 60_000),
    closesAt: new Date(scheduledStart.getTime() + policy.afterMinutes * 60_000),
  };
}

export function joinWindowState(window: JoinWindow, now: Date): JoinWindowState {
  if (now < window.opensAt) return "early";
  if (now >= window.closesAt) return "closed";
  return "open";
}
