// Whether a clinician checked camera and microphone today in this browser (see
// ./device-check-memory.ts, which writes the record and reads the devices back). Apart from it
// so that Admit on every clinician page asks this without downloading the device-storage code.

import { browserStorage, readStoredRecord, writeStoredRecord, type StorageLike } from "./stored-record";

const KEY = "bedside:device-check-day";

export function deviceCheckStorage(): StorageLike | null {
  return browserStorage("localStorage");
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
  writeStoredRecord(store, KEY, record);
}

/** This person's record for today in this browser, or null (none, another person's, another day's, garbage). */
export function readDeviceCheckToday(
  userId: string,
  { now = new Date(), store = deviceCheckStorage() }: { now?: Date; store?: StorageLike | null } = {},
): StoredDeviceCheck | null {
  const p = readStoredRecord<StoredDeviceCheck>(store, KEY);
  if (!p || p.userId !== userId || p.day !== localDay(now)) return null;
  return p as StoredDeviceCheck;
}

/** Whether this person checked their devices today in this browser (Admit from the list needs no more). */
export function deviceCheckedToday(userId: string, options?: { now?: Date; store?: StorageLike | null }): boolean {
  return readDeviceCheckToday(userId, options) !== null;
}
