// A clinician checks camera and microphone once a day per browser: the choice is remembered
// in localStorage for that person until local midnight, so starting or admitting later that
// day goes straight to the call. Another person on the same browser, or the next day, checks
// again. (Whether there is such a check, without the devices: ./device-check-day.ts.)

import type { SelectedDevices } from "./connection";
import { deviceCheckStorage, localDay, readDeviceCheckToday, writeDeviceCheck } from "./device-check-day";
import type { StorageLike } from "./stored-record";
import { storedDevices } from "./prepared-devices";

export { localDay } from "./device-check-day";

export function rememberDeviceCheck(
  userId: string,
  devices: SelectedDevices,
  { now = new Date(), store = deviceCheckStorage() }: { now?: Date; store?: StorageLike | null } = {},
) {
  writeDeviceCheck({ userId, day: localDay(now), devices }, store);
}

/** The devices this person checked today in this browser, or null. */
export function deviceCheckDoneToday(userId: string, options?: { now?: Date; store?: StorageLike | null }): SelectedDevices | null {
  const record = readDeviceCheckToday(userId, options);
  return record ? storedDevices(record.devices) : null;
}
