// A clinician checks camera and microphone once a day per browser: the choice is remembered
// in localStorage for that person until local midnight, so starting or admitting later that
// day goes straight to the call. Another person on the same browser, or the next day, checks
// again.

import type { SelectedDevices } from "./connection";
import { storedDevices } from "./prepared-devices";

const KEY = "bedside:device-check-day";

interface Stored {
  userId: string;
  day: string;
  devices: SelectedDevices;
}

type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

function storage(): StorageLike | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}

/** The local calendar day, e.g. "2026-12-04". */
export function localDay(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

export function rememberDeviceCheck(
  userId: string,
  devices: SelectedDevices,
  { now = new Date(), store = storage() }: { now?: Date; store?: StorageLike | null } = {},
) {
  try {
    store?.setItem(KEY, JSON.stringify({ userId, day: localDay(now), devices } satisfies Stored));
  } catch {
    // storage full or disabled: the check is simply asked again
  }
}

/** The devices this person checked today in this browser, or null. */
export function deviceCheckDoneToday(
  userId: string,
  { now = new Date(), store = storage() }: { now?: Date; store?: StorageLike | null } = {},
): SelectedDevices | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(store?.getItem(KEY) ?? "null");
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== "object") return null;
  const p = parsed as Partial<Stored>;
  if (p.userId !== userId || p.day !== localDay(now)) return null;
  return storedDevices(p.devices);
}
