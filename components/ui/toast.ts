"use client";

// toast.success / .error / .info with sonner's signatures, but sonner itself (~9 KiB gz) and
// the Toaster are downloaded on the first toast, not with every signed-in page: most page
// views raise none (clinicians' screens, where alerts and arrivals toast, preload it:
// preloadToasts). Sonner replays toasts raised before its Toaster subscribed, so nothing
// shown in the moment it takes to load is lost.

import type { toast as SonnerToast } from "sonner";

type Toast = typeof SonnerToast;

let sonner: Promise<Toast> | null = null;
let wanted = false;
const listeners = new Set<() => void>();

function load(): Promise<Toast> {
  if (!wanted) {
    wanted = true;
    for (const listener of listeners) listener();
  }
  // Through ./toaster, the module <LazyToaster> loads: one chunk with sonner. Importing
  // "sonner" here as well made Turbopack emit it twice (two async chunks of 9.5 and 9.9 KiB
  // gz, both downloaded on clinicians' screens).
  sonner ??= import("./toaster").then((m) => m.sonnerToast);
  return sonner;
}

/**
 * Loads sonner and mounts the Toaster now, for screens whose toasts are urgent: a clinician's
 * vitals alert or arrival must show the moment its event arrives, not after a download (the
 * in-call alert test measured 1.6–1.9 s for the first toasts when sonner loaded on demand).
 * Called after hydration by the components that raise them.
 */
export function preloadToasts(): void {
  void load();
}

/** For <LazyToaster>: whether a toast was raised yet (then the Toaster mounts). */
export const toasterWanted = {
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get: (): boolean => wanted,
};

function lazy<K extends "success" | "error" | "info">(kind: K) {
  return (...args: Parameters<Toast[K]>): void => {
    void load().then((t) => (t[kind] as (...a: Parameters<Toast[K]>) => unknown)(...args));
  };
}

/** Closes the toast raised with this `id`, if it is still up (nothing was raised before sonner loaded). */
function dismiss(id: string): void {
  void sonner?.then((t) => t.dismiss(id));
}

export const toast = { success: lazy("success"), error: lazy("error"), info: lazy("info"), dismiss };
