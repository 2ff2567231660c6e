// The join landing checks camera and microphone before sign-in; the session room then goes
// straight to the waiting room with that choice instead of asking again. The choice lives in
// this tab's sessionStorage (same tab: the join form POSTs and redirects in place), for one
// session and for a limited time, so a later visit or a shared computer starts afresh.

import { DEFAULT_DEVICES, type SelectedDevices } from "./connection";
import { browserStorage, readStoredRecord, writeStoredRecord, type StorageLike } from "./stored-record";

const KEY = "bedside:prepared-devices";
/** How long a check on the landing page counts: long enough to wait for an early window. */
export const PREPARED_DEVICES_TTL_MS = 2 * 60 * 60_000;

export interface PreparedDevices {
  sessionId: string;
  devices: SelectedDevices;
  /** The person agreed to recording on the landing page. */
  recordingConsent: boolean;
  at: number;
}

// Storage disabled (privacy mode) or full: the room simply asks again.
const storage = () => browserStorage("sessionStorage");

export function savePreparedDevices(
  value: Omit<PreparedDevices, "at">,
  { now = Date.now(), store = storage() }: { now?: number; store?: StorageLike | null } = {},
) {
  writeStoredRecord(store, KEY, { ...value, at: now } satisfies PreparedDevices);
}

/** The choice made on the landing page for this session, if it is recent; otherwise null. */
export function loadPreparedDevices(
  sessionId: string,
  { now = Date.now(), store = storage() }: { now?: number; store?: StorageLike | null } = {},
): PreparedDevices | null {
  const p = readStoredRecord<PreparedDevices>(store, KEY);
  if (!p || p.sessionId !== sessionId || typeof p.at !== "number" || now - p.at > PREPARED_DEVICES_TTL_MS || now < p.at) return null;
  return { sessionId, at: p.at, recordingConsent: p.recordingConsent === true, devices: storedDevices(p.devices) };
}

/** A device choice read back from browser storage: ids kept only when plausible, defaults for the rest. */
export function storedDevices(raw: unknown): SelectedDevices {
  const d = (raw && typeof raw === "object" ? raw : {}) as Partial<SelectedDevices>;
  const id = (v: unknown) => (typeof v === "string" && v.length > 0 && v.length < 512 ? v : null);
  return {
    ...DEFAULT_DEVICES,
    audioInputId: id(d.audioInputId),
    videoInputId: id(d.videoInputId),
    audioOutputId: id(d.audioOutputId),
    audioEnabled: d.audioEnabled !== false,
    videoEnabled: d.videoEnabled !== false,
  };
}

export function clearPreparedDevices({ store = storage() }: { store?: StorageLike | null } = {}) {
  try {
    store?.removeItem(KEY);
  } catch {
    // nothing stored
  }
}
