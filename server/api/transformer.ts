// The tRPC transformer. The wire format is superjson's, unchanged: the browser decodes with
// superjson as before. Only the server's encoding of responses is its own: superjson's walker
// runs every value through its pluggable rules, builds a path for every node and tracks every
// object's identity; on a 600-point vitals history that was ~9 ms of CPU and most of the
// garbage per response. tRPC outputs are plain data (they leave the output schemas), so this
// walks plain objects, arrays, strings, finite numbers, booleans, null, undefined and valid
// Dates, building a path only where a Date or undefined needs an annotation, and copying only
// the objects and arrays on the way to one — exactly the `{ json, meta: { values, v } }`
// superjson writes for them. Anything else (Map, Set, bigint, NaN, -0, class instances, a
// value met twice, keys superjson refuses) is handed to superjson itself, so the output is
// superjson's in every case (transformer.test.ts checks it).
import superjson from "superjson";
import type { SuperJSONResult } from "superjson";

type Annotation = ["Date"] | ["undefined"];

/** Not plain data: let superjson encode the whole value. */
class NotPlain extends Error {}
const notPlain = new NotPlain("not plain");

// superjson's path escaping (pathstringifier): `\` then `.` escaped, segments joined by `.`.
const escapeKey = (key: string) => (key.includes("\\") || key.includes(".") ? key.replace(/\\/g, "\\\\").replace(/\./g, "\\.") : key);

const hasOwn = Object.prototype.hasOwnProperty;

function encodePlain(value: unknown): SuperJSONResult {
  let values: Record<string, Annotation> | null = null;
  let rootAnnotation: Annotation | null = null;
  const seen = new Set<object>();
  // `path` is the value's superjson path (escaped segments joined by "."), null at the root:
  // built by concatenation on the way down (no array of segments to join).
  const annotate = (path: string | null, annotation: Annotation) => {
    if (path === null) rootAnnotation = annotation;
    else (values ??= {})[path] = annotation;
  };
  // What to write in v's place: v itself unless something under it changes (a Date becomes its
  // ISO text, undefined null), so only the containers on the way to a Date or undefined are
  // copied (shallowly) and the rest of the answer — most of it — is written as it is.
  const walk = (v: unknown, path: string | null): unknown => {
    switch (typeof v) {
      case "string":
      case "boolean":
        return v;
      case "number":
        if (!Number.isFinite(v) || (v === 0 && 1 / v < 0)) throw notPlain;
        return v;
      case "undefined":
        annotate(path, ["undefined"]);
        return null;
      case "object": {
        if (v === null) return null;
        // superjson records a value met twice as a referential equality.
        if (seen.has(v)) throw notPlain;
        seen.add(v);
        if (v instanceof Date) {
          const time = v.getTime();
          if (Number.isNaN(time)) throw notPlain;
          annotate(path, ["Date"]);
          return isoText(time) ?? v.toISOString();
        }
        if (Array.isArray(v)) {
          let out: unknown[] | null = null;
          for (let i = 0; i < v.length; i++) {
            const item: unknown = v[i];
            // Strings, booleans, null and finite numbers are written as they are, with no path:
            // most of a response (a history is ~7,000 of them) is checked and left in place.
            if (typeof item === "string" || typeof item === "boolean" || item === null) continue;
            if (typeof item === "number") {
              if (!Number.isFinite(item) || (item === 0 && 1 / item < 0)) throw notPlain;
              continue;
            }
            const next = walk(item, path === null ? String(i) : `${path}.${i}`);
            if (next !== item) (out ??= v.slice())[i] = next;
          }
          return out ?? v;
        }
        const proto = Object.getPrototypeOf(v) as unknown;
        if (proto !== Object.prototype && proto !== null) throw notPlain;
        const object = v as Record<string, unknown>;
        let out: Record<string, unknown> | null = null;
        for (const key in object) {
          if (!hasOwn.call(object, key)) continue;
          if (key === "__proto__" || key === "constructor" || key === "prototype") throw notPlain;
          const item = object[key];
          if (typeof item === "string" || typeof item === "boolean" || item === null) continue;
          if (typeof item === "number") {
            if (!Number.isFinite(item) || (item === 0 && 1 / item < 0)) throw notPlain;
            continue;
          }
          const segment = escapeKey(key);
          const next = walk(item, path === null ? segment : `${path}.${segment}`);
          // A copy keeps the original's key order (JSON.stringify writes keys in that order).
          if (next !== item) (out ??= { ...object })[key] = next;
        }
        if (Object.getOwnPropertySymbols(v).length > 0) throw notPlain;
        // A null-prototype object is always written as a plain copy (as before: React's
        // serializer, through which dehydrated queries reach the browser, refuses null prototypes).
        return out ?? (proto === null ? { ...object } : v);
      }
      default:
        throw notPlain;
    }
  };
  const json = walk(value, null) as SuperJSONResult["json"];
  // A root value's annotation is the annotation itself, not a map (as superjson writes it).
  const annotations = rootAnnotation ?? values;
  return annotations ? ({ json, meta: { values: annotations, v: 1 } } as SuperJSONResult) : { json };
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);
const MS_PER_DAY = 86_400_000;

/**
 * `new Date(time).toISOString()` for years 0000–9999 (null outside them), computed from the
 * epoch milliseconds: Date.prototype.toISOString costs ~0.45 µs a call, this about a third of
 * that, and an upcoming list writes ~180 Dates (transformer.test.ts checks it against
 * toISOString over the whole range). Civil date from days: H. Hinnant's days_from_civil inverse.
 */
export function isoText(time: number): string | null {
  if (!(time >= -62_167_219_200_000 && time < 253_402_300_800_000)) return null;
  const days = Math.floor(time / MS_PER_DAY);
  let rest = time - days * MS_PER_DAY;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1_460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1_000);
  const year4 = year < 10 ? `000${year}` : year < 100 ? `00${year}` : year < 1000 ? `0${year}` : `${year}`;
  return `${year4}-${pad2(month)}-${pad2(day)}T${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(rest - seconds * 1_000)}Z`;
}

export function serialize(value: unknown): SuperJSONResult {
  try {
    return encodePlain(value);
  } catch (error) {
    if (error instanceof NotPlain) return superjson.serialize(value);
    throw error;
  }
}

/** superjson's format both ways; responses encoded by `serialize` above. */
export const transformer = {
  serialize,
  deserialize: superjson.deserialize.bind(superjson),
};
