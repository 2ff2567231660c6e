// Whether a clinician checked camera and microphone today in this browser (see
// ./device-check-memory.ts, which writes the record and reads the devices back). Apart from it
// so that Admit on every clinician page asks this without downloading the device-storage code.

const KEY = "bedside:device-check-day";

export type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export function deviceCheckStorage(): StorageLike | null {
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

export interface StoredDeviceCheck {
  userId: string;
  day: string;
  devices: unknown;
}

export function writeDeviceCheck(record: StoredDeviceCheck, store: StorageLike | null) {
  try {
    store?.setItem(KEY, JSON.stringify(record));
  } catch {
    // storage full or disabled: the check is simply asked again
  }
}

/** This person's record for today in this browser, or null (none, another person's, another day's, garbage). */
export function readDeviceCheckToday(
  userId: string,
  { now = new Date(), store = deviceCheckStorage() }: { now?: Date; store?: StorageLike | null } = {},
): StoredDeviceCheck | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(store?.getItem(KEY) ?? "null");
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== "object") return null;
  const p = parsed as Partial<StoredDeviceCheck>;
  if (p.userId !== userId || p.day !== localDay(now)) return null;
  return p as StoredDeviceCheck;
}

/** Whether this person checked their devices today in this browser (Admit from the list needs no more). */
export function deviceCheckedToday(userId: string, options?: { now?: Date; store?: StorageLike | null }): boolean {
  return readDeviceCheckToday(userId, options) !== null;
}
