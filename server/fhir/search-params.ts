// FHIR search parameters Bedside understands, parsed strictly: a parameter the server does
// not support is refused (400) rather than silently ignored, because an EHR that believes
// it filtered would otherwise import the wrong records.
import { AppError } from "@/server/errors";

export const DEFAULT_COUNT = 50;
export const MAX_COUNT = 200;

export class FhirSearchError extends AppError {
  constructor(message: string) {
    super("BAD_REQUEST", message, { reason: "invalid_search" });
  }
}

/** A FHIR date/dateTime value with its precision, as the half-open range [start, end) it covers. */
export function parseFhirDate(raw: string): { start: Date; end: Date } | null {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/.exec(raw);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  if (h !== undefined && tz === undefined) return null; // a time without a zone is ambiguous
  const year = Number(y);
  if (mo === undefined) return { start: new Date(Date.UTC(year, 0, 1)), end: new Date(Date.UTC(year + 1, 0, 1)) };
  const month = Number(mo) - 1;
  if (month < 0 || month > 11) return null;
  if (d === undefined) return { start: new Date(Date.UTC(year, month, 1)), end: new Date(Date.UTC(year, month + 1, 1)) };
  const day = Number(d);
  const start = new Date(Date.UTC(year, month, day));
  if (start.getUTCMonth() !== month) return null;
  if (h === undefined) return { start, end: new Date(Date.UTC(year, month, day + 1)) };
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s ?? "00"}${frac ?? ""}${tz === "Z" ? "Z" : tz}`);
  if (Number.isNaN(at.getTime())) return null;
  const step = s === undefined ? 60_000 : frac === undefined ? 1000 : 1;
  const startMs = Math.floor(at.getTime() / step) * step;
  return { start: new Date(startMs), end: new Date(startMs + step) };
}

export interface DateBounds {
  /** Inclusive lower bound. */
  gte?: Date;
  /** Exclusive upper bound. */
  lt?: Date;
}

/**
 * `date=ge2026-01-01&date=lt2026-02-01` → one range. Supported prefixes: eq (default), ge,
 * gt, le, lt; a value's precision widens it (le2026-01-31 includes the whole day).
 */
export function parseDateParams(values: string[], name = "date"): DateBounds {
  const bounds: DateBounds = {};
  const raise = (gte?: Date) => {
    if (gte && (!bounds.gte || gte > bounds.gte)) bounds.gte = gte;
  };
  const lower = (lt?: Date) => {
    if (lt && (!bounds.lt || lt < bounds.lt)) bounds.lt = lt;
  };
  for (const value of values) {
    for (const part of value.split(",")) {
      if (value.includes(","))
        throw new FhirSearchError(`Give each ${name} bound as its own parameter (${name}=ge…&${name}=le…); lists of dates are not supported.`);
      const m = /^(eq|ge|gt|le|lt)?(.+)$/.exec(part.trim());
      const range = m ? parseFhirDate(m[2]!) : null;
      if (!m || !range)
        throw new FhirSearchError(
          `"${part}" is not a FHIR date for ${name}. Use e.g. ${name}=ge2026-01-01 or ${name}=lt2026-01-31T12:00:00Z (a time needs a zone).`,
        );
      switch (m[1] ?? "eq") {
        case "eq":
          raise(range.start);
          lower(range.end);
          break;
        case "ge":
          raise(range.start);
          break;
        case "gt":
          raise(range.end);
          break;
        case "le":
          lower(range.end);
          break;
        case "lt":
          lower(range.start);
          break;
      }
    }
  }
  return bounds;
}

/** `patient=123`, `patient=Patient/123` → "123". */
export function parsePatientReference(values: string[]): string {
  if (values.length !== 1 || values[0]!.includes(",")) throw new FhirSearchError("Give exactly one patient, e.g. patient=Patient/123.");
  const m = /^(?:Patient\/)?([A-Za-z0-9\-.]{1,64})$/.exec(values[0]!.trim());
  if (!m) throw new FhirSearchError(`"${values[0]}" is not a patient reference. Use patient=<id> or patient=Patient/<id>.`);
  return m[1]!;
}

/** `code=http://loinc.org|8867-4,85354-9` → [{system?, code}]. */
export function parseTokenParams(values: string[]): { system: string | null; code: string }[] {
  const tokens: { system: string | null; code: string }[] = [];
  for (const value of values) {
    for (const part of value.split(",")) {
      const at = part.indexOf("|");
      const system = at >= 0 ? part.slice(0, at) : null;
      const code = at >= 0 ? part.slice(at + 1) : part;
      if (!code) throw new FhirSearchError(`"${part}" names no code. Use code=<code> or code=<system>|<code>.`);
      tokens.push({ system: system || null, code });
    }
  }
  return tokens;
}

export function parseCount(values: string[]): number {
  if (values.length === 0) return DEFAULT_COUNT;
  const n = Number(values[values.length - 1]);
  if (!Number.isInteger(n) || n < 1) throw new FhirSearchError(`_count must be a whole number from 1 to ${MAX_COUNT}.`);
  // Bounded: a larger page is served at the maximum and the next link carries on from there.
  return Math.min(n, MAX_COUNT);
}

export function parseSort(values: string[]): "asc" | "desc" {
  if (values.length === 0) return "desc";
  const v = values[values.length - 1];
  if (v === "date") return "asc";
  if (v === "-date") return "desc";
  throw new FhirSearchError(`_sort=${v} is not supported. Use _sort=date (oldest first) or _sort=-date (newest first, the default).`);
}

/**
 * The query's parameters grouped by name; refuses any parameter outside `allowed` (modifiers
 * such as `code:text` included) with a message listing what is supported.
 */
export function groupParams(params: URLSearchParams, allowed: readonly string[], what: string): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (!allowed.includes(key)) {
      throw new FhirSearchError(`The search parameter "${key}" is not supported for ${what}. Supported: ${allowed.join(", ")}.`);
    }
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  return grouped;
}

// ───────────────────────────── paging cursors ─────────────────────────────

/**
 * Keyset position: the last entry served, by (time, id[, kind]). Opaque to clients (base64url
 * JSON). Because it is a position and not an offset, rows inserted while a client pages
 * neither repeat nor push anything off a page.
 */
export interface Cursor {
  t: string;
  id: string;
  k?: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c), "utf8").toString("base64url");
}

export function decodeCursor(values: string[]): Cursor | null {
  if (values.length === 0) return null;
  try {
    const c = JSON.parse(Buffer.from(values[values.length - 1]!, "base64url").toString("utf8")) as Cursor;
    if (typeof c.t === "string" && !Number.isNaN(Date.parse(c.t)) && typeof c.id === "string" && (c.k === undefined || Number.isInteger(c.k))) return c;
  } catch {
    // fall through
  }
  throw new FhirSearchError("The paging cursor is not valid. Follow the Bundle's `next` link as given, or start the search again.");
}
