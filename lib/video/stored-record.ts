// A small JSON record the call's pages keep in browser storage (the day's device check in
// localStorage, the landing page's device choice in sessionStorage). Storage that is missing,
// disabled (privacy mode) or full, and a record that is not a JSON object, read as nothing and
// write as nothing: the page then simply asks again.

export type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** The browser's storage of that kind, or null (on the server, or when the browser refuses it). */
export function browserStorage(kind: "localStorage" | "sessionStorage"): StorageLike | null {
  try {
    return typeof window === "undefined" ? null : window[kind];
  } catch {
    return null;
  }
}

/** The object stored under `key`, its fields unchecked, or null (none, not JSON, not an object). */
export function readStoredRecord<T>(store: StorageLike | null, key: string): Partial<T> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(store?.getItem(key) ?? "null");
  } catch {
    return null;
  }
  return parsed && typeof parsed === "object" ? (parsed as Partial<T>) : null;
}

export function writeStoredRecord(store: StorageLike | null, key: string, record: object): void {
  try {
    store?.setItem(key, JSON.stringify(record));
  } catch {
    // storage full or disabled: nothing is kept
  }
}
