// The tRPC transformer. The wire format is superjson's, unchanged: the browser decodes with
// superjson as before. Only the server's encoding of responses is its own: superjson's walker
// runs every value through its pluggable rules, builds a path for every node and tracks every
// object's identity; on a 600-point vitals history that was ~9 ms of CPU and most of the
// garbage per response. tRPC outputs are plain data (they leave the output schemas), so this
// walks plain objects, arrays, strings, finite numbers, booleans, null, undefined and valid
// Dates, building a path only where a Date or undefined needs an annotation — exactly the
// `{ json, meta: { values, v } }` superjson writes for them. Anything else (Map, Set, bigint,
// NaN, -0, class instances, a value met twice, keys superjson refuses) is handed to superjson
// itself, so the output is superjson's in every case (transformer.test.ts checks it).
import superjson from "superjson";
import type { SuperJSONResult } from "superjson";

type Annotation = ["Date"] | ["undefined"];

/** Not plain data: let superjson encode the whole value. */
class NotPlain extends Error {}
const notPlain = new NotPlain("not plain");

// superjson's path escaping (pathstringifier): `\` then `.` escaped, segments joined by `.`.
const escapeKey = (key: string) => (key.includes("\\") || key.includes(".") ? key.replace(/\\/g, "\\\\").replace(/\./g, "\\.") : key);

/** A value copied as it is, needing no annotation: what `walk` returns unchanged without a path. */
function isLeaf(v: unknown): boolean {
  switch (typeof v) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(v) && !Object.is(v, -0);
    case "object":
      return v === null;
    default:
      return false;
  }
}

function encodePlain(value: unknown): SuperJSONResult {
  let values: Record<string, Annotation> | null = null;
  let rootAnnotation: Annotation | null = null;
  const path: string[] = [];
  const seen = new Set<object>();
  const annotate = (annotation: Annotation) => {
    if (path.length === 0) {
      rootAnnotation = annotation;
      return;
    }
    values ??= {};
    values[path.join(".")] = annotation;
  };
  const walk = (v: unknown): unknown => {
    switch (typeof v) {
      case "string":
      case "boolean":
        return v;
      case "number":
        if (!Number.isFinite(v) || Object.is(v, -0)) throw notPlain;
        return v;
      case "undefined":
        annotate(["undefined"]);
        return null;
      case "object": {
        if (v === null) return null;
        // superjson records a value met twice as a referential equality.
        if (seen.has(v)) throw notPlain;
        seen.add(v);
        if (v instanceof Date) {
          if (Number.isNaN(v.getTime())) throw notPlain;
          annotate(["Date"]);
          return v.toISOString();
        }
        if (Array.isArray(v)) {
          const out = new Array<unknown>(v.length);
          for (let i = 0; i < v.length; i++) {
            const item: unknown = v[i];
            // Strings, booleans, null and finite numbers need no path: most of a response
            // (a history is ~7,000 of them) is copied without building one.
            if (isLeaf(item)) {
              out[i] = item;
              continue;
            }
            path.push(String(i));
            out[i] = walk(item);
            path.pop();
          }
          return out;
        }
        const proto = Object.getPrototypeOf(v) as unknown;
        if (proto !== Object.prototype && proto !== null) throw notPlain;
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(v)) {
          if (key === "__proto__" || key === "constructor" || key === "prototype") throw notPlain;
          const item: unknown = (v as Record<string, unknown>)[key];
          if (isLeaf(item)) {
            out[key] = item;
            continue;
          }
          path.push(escapeKey(key));
          out[key] = walk(item);
          path.pop();
        }
        if (Object.getOwnPropertySymbols(v).length > 0) throw notPlain;
        return out;
      }
      default:
        throw notPlain;
    }
  };
  const json = walk(value) as SuperJSONResult["json"];
  // A root value's annotation is the annotation itself, not a map (as superjson writes it).
  const annotations = rootAnnotation ?? values;
  return annotations ? ({ json, meta: { values: annotations, v: 1 } } as SuperJSONResult) : { json };
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
