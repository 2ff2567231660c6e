"use client";

import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { signOut } from "@/lib/auth/auth-client";
import { markSigningOut } from "@/lib/auth/signing-out";
import { SHELL_TID as TID } from "@/lib/shell-test-ids";

// "bedside:activity" is dispatched by pages that are in use without input, e.g. a running call.
const ACTIVITY_EVENTS = ["pointerdown", "keydown", "wheel", "touchstart", "scroll", "bedside:activity"] as const;
const WARNING_MS = 2 * 60_000;
// Activity on the page (typing a note, say) must also keep the server-side session alive:
// reading the session re-issues the cookie with a fresh activity time.
const KEEPALIVE_MS = 60_000;

/**
 * Signs staff out after `timeoutMs` without keyboard/pointer activity, with a two-minute
 * warning. The server enforces the same rule on its side (proxy.ts); this makes it visible
 * and catches the case where the screen is left open and untouched.
 */
export function IdleLogout({ timeoutMs }: { timeoutMs: number }) {
  const lastActivity = useRef(Date.now());
  const [remainingMs, setRemainingMs] = useState<number | null>(null);
  const signingOut = useRef(false);
  const lastPing = useRef(Date.now());

  useEffect(() => {
    const bump = () => {
      lastActivity.current = Date.now();
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, bump, { passive: true });
    // Lets tests (and support tooling) see that the idle timer is running in this tab.
    document.documentElement.dataset.idleTimeoutMs = String(timeoutMs);
    const timer = window.setInterval(() => {
      const left = timeoutMs - (Date.now() - lastActivity.current);
      if (left <= 0 && !signingOut.current) {
        signingOut.current = true;
        markSigningOut();
        void signOut("/signin?reason=idle");
      }
      setRemainingMs(left <= WARNING_MS ? Math.max(0, left) : null);
      if (left > 0 && lastActivity.current > lastPing.current && Date.now() - lastPing.current >= KEEPALIVE_MS) {
        lastPing.current = Date.now();
        void fetch("/api/auth/session", { cache: "no-store" }).catch(() => undefined);
      }
    }, 1000);
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, bump);
      window.clearInterval(timer);
      delete document.documentElement.dataset.idleTimeoutMs;
    };
  }, [timeoutMs]);

  if (remainingMs === null) return null;
  const seconds = Math.ceil(remainingMs / 1000);
  return (
    <div
      role="alertdialog"
      aria-live="assertive"
      data-testid={TID.idleWarning}
      className="fixed inset-x-4 bottom-4 z-50 mx-auto flex max-w-lg flex-wrap items-center gap-3 rounded-lg border bg-card p-4 shadow-lg"
    >
      <p className="flex-1 text-sm">
        For privacy you will be signed out in {Math.floor(seconds / 60)}:{String(seconds % 60).padStart(2, "0")} unless you continue.
      </p>
      <Button size="sm" onClick={() => (lastActivity.current = Date.now())}>
        Stay signed in
      </Button>
    </div>
  );
}
