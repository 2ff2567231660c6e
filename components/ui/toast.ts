"use client";

// toast.success / .error / .info with sonner's signatures, but sonner itself (~9 KiB gz) and
// the Toaster are downloaded on the first toast, not with every signed-in page: most page
// views raise none. Sonner replays toasts raised before its Toaster subscribed, so nothing
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
  sonner ??= import("sonner").then((m) => m.toast);
  return sonner;
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

export const toast = { success: lazy("success"), error: lazy("error"), info: lazy("info") };
