// superjson's wire format (`{ json, meta: { values, referentialEqualities, v } }`) for the
// browser, without superjson (4 KiB gz on every page with the tRPC client). The server writes
// and reads that format with superjson itself (server/api/transformer.ts); tRPC inputs and
// outputs are plain data — objects, arrays, strings, numbers, booleans, null, undefined and
// Dates (outputs leave zod output schemas) — so this encodes exactly those, as superjson
// does, and decodes every annotation superjson's default instance writes for the values it
// knows (Date, undefined, special numbers, bigint, RegExp, Error, Set, Map, shared
// references). A class, symbol or custom annotation needs superjson's registries and fails
// loudly. wire-json.test.ts holds both directions to superjson.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Annotation = [string] | [string, string];
type Tree = Annotation | [Annotation[0], Record<string, Tree>] | { [path: string]: Tree };
type Equalities = Record<string, string[]> | [string[]] | [string[], Record<string, string[]>];

export interface WireResult {
  json: Json;
  meta?: { values?: Tree; referentialEqualities?: Equalities; v?: number };
}

// ── encoding (inputs) ────────────────────────────────────────────────────────────────────

const escapeKey = (key: string) => key.replace(/\\/g, "\\\\").replace(/\./g, "\\.");

/** Plain data to superjson's format; anything else (Map, Set, bigint, NaN, class instances) throws. */
export function serialize(value: unknown): WireResult {
  let values: Record<string, Annotation> | null = null;
  let root: Annotation | null = null;
  const path: string[] = [];
  const annotate = (a: Annotation) => {
    if (path.length === 0) root = a;
    else (values ??= {})[path.join(".")] = a;
  };
  const walk = (v: unknown): Json => {
    if (v === undefined) {
      annotate(["undefined"]);
      return null;
    }
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    if (typeof v === "number" && Number.isFinite(v) && !Object.is(v, -0)) return v;
    if (v instanceof Date && !Number.isNaN(v.getTime())) {
      annotate(["Date"]);
      return v.toISOString();
    }
    if (Array.isArray(v)) {
      return v.map((item, i) => {
        path.push(String(i));
        const out = walk(item);
        path.pop();
        return out;
      });
    }
    const proto = typeof v === "object" ? (Object.getPrototypeOf(v) as unknown) : undefined;
    if (proto === Object.prototype || proto === null) {
      const out: Record<string, Json> = {};
      for (const [key, item] of Object.entries(v as object)) {
        path.push(escapeKey(key));
        out[key] = walk(item);
        path.pop();
      }
      return out;
    }
    throw new TypeError(`Cannot send a ${Object.prototype.toString.call(v)} to the server: plain data and Dates only.`);
  };
  const json = walk(value);
  const annotations = root ?? values;
  return annotations ? { json, meta: { values: annotations, v: 1 } } : { json };
}

// ── decoding (outputs, hydration) ──────────────────────────────────────────────────────────

// superjson's parsePath: `.` separates, `\.` and (from v1) `\\` escape.
function parsePath(path: string, legacy: boolean): string[] {
  const out: string[] = [];
  let segment = "";
  for (let i = 0; i < path.length; i++) {
    const char = path.charAt(i);
    const next = path.charAt(i + 1);
    if (char === "\\" && !legacy) {
      if (next !== "\\" && next !== ".") throw new Error("invalid path");
      segment += next;
      i++;
    } else if (char === "\\" && next === ".") {
      segment += ".";
      i++;
    } else if (char === ".") {
      out.push(segment);
      segment = "";
    } else segment += char;
  }
  out.push(segment);
  return out;
}

function untransform(v: unknown, type: Annotation): unknown {
  switch (type[0]) {
    case "undefined":
      return undefined;
    case "Date":
      return new Date(v as string);
    case "number":
      return Number(v);
    case "bigint":
      return BigInt(v as string);
    case "regexp": {
      const s = v as string;
      const slash = s.lastIndexOf("/");
      return new RegExp(s.slice(1, slash), s.slice(slash + 1));
    }
    case "Error": {
      const { name, message, ...rest } = v as { name: string; message: string };
      return Object.assign(Object.assign(new Error(message), { name }), rest);
    }
    case "set":
      return new Set(v as unknown[]);
    case "map":
      return new Map(v as [unknown, unknown][]);
    default:
      throw new Error(`Cannot decode a superjson "${type[0]}" annotation in the browser (lib/trpc/wire-json.ts).`);
  }
}

const isAnnotationNode = (tree: Tree): tree is Annotation | [string, Record<string, Tree>] => Array.isArray(tree);

function getDeep(object: unknown, path: string[]): unknown {
  let node = object;
  for (const key of path) node = containerGet(node, key);
  return node;
}

function containerGet(node: unknown, key: string): unknown {
  if (node instanceof Map || node instanceof Set) {
    // superjson's paths into a Map/Set: entry index, then 0 (key) or 1 (value) for a Map.
    throw new Error("Cannot follow a path into a Map or Set in the browser (lib/trpc/wire-json.ts).");
  }
  return (node as Record<string, unknown>)[key];
}

function setDeep(object: unknown, path: string[], map: (v: unknown) => unknown): unknown {
  if (path.length === 0) return map(object);
  const parent = getDeep(object, path.slice(0, -1));
  if (parent instanceof Map || parent instanceof Set) containerGet(parent, "");
  const key = path[path.length - 1]!;
  const container = parent as Record<string, unknown>;
  container[key] = map(container[key]);
  return object;
}

/** superjson's format to values (a fresh copy; the input is not changed). */
export function deserialize<T = unknown>({ json, meta }: WireResult): T {
  if (!meta?.values && !meta?.referentialEqualities) return json as T;
  const legacy = !meta.v;
  let result: unknown = structuredClone(json);
  const traverse = (tree: Tree, origin: string[]) => {
    if (!isAnnotationNode(tree)) {
      for (const [key, sub] of Object.entries(tree)) traverse(sub, [...origin, ...parsePath(key, legacy)]);
      return;
    }
    const children = tree[1];
    if (children && typeof children === "object") {
      for (const [key, sub] of Object.entries(children)) traverse(sub, [...origin, ...parsePath(key, legacy)]);
    }
    result = setDeep(result, origin, (v) => untransform(v, tree as Annotation));
  };
  if (meta.values) traverse(meta.values, []);
  const equalities = meta.referentialEqualities;
  if (equalities) {
    const apply = (identical: string[], path: string) => {
      const target = getDeep(result, parsePath(path, legacy));
      for (const p of identical) result = setDeep(result, parsePath(p, legacy), () => target);
    };
    if (Array.isArray(equalities)) {
      const [rootPaths, other] = equalities;
      for (const p of rootPaths) result = setDeep(result, parsePath(p, legacy), () => result);
      if (other) for (const [path, identical] of Object.entries(other)) apply(identical, path);
    } else for (const [path, identical] of Object.entries(equalities)) apply(identical, path);
  }
  return result as T;
}

/** The transformer for tRPC's links and react-query's (de)hydration in the browser. */
export const wireJson = { serialize, deserialize };
