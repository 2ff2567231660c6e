import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { isoText, serialize, transformer } from "./transformer";

// What goes on the wire: tRPC sends JSON.stringify(serialize(output)).
const wire = (encode: (v: unknown) => unknown, value: unknown) => {
  try {
    return { text: JSON.parse(JSON.stringify(encode(value))) as unknown };
  } catch (error) {
    return { error: String(error) };
  }
};
const sameAsSuperjson = (value: unknown) => expect(wire(serialize, value)).toEqual(wire((v) => superjson.serialize(v), value));

// A small deterministic generator of nested values, plain and not.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}
function valueOf(next: () => number, depth: number, shared: object[]): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 8 : 13));
  switch (pick) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return next() < 0.5;
    case 3:
      return Math.round(next() * 1e6) / 100;
    case 4:
      return ["", "a.b", "x\\y", "ü", "1970-01-01T00:00:00.000Z"][Math.floor(next() * 5)];
    case 5:
      return new Date(Math.floor(next() * 4e12));
    case 6:
      return [Number.NaN, Infinity, -0, 10n, new Date(Number.NaN)][Math.floor(next() * 5)];
    case 7:
      return shared.length > 0 && next() < 0.3 ? shared[0] : Math.floor(next() * 100);
    case 8:
    case 9: {
      const n = Math.floor(next() * 4);
      return Array.from({ length: n }, () => valueOf(next, depth + 1, shared));
    }
    case 10:
    case 11: {
      const o: Record<string, unknown> = next() < 0.1 ? (Object.create(null) as Record<string, unknown>) : {};
      const keys = ["id", "at", "a.b", "c\\d", "", "0", "points", "__proto__"];
      for (let i = Math.floor(next() * 4); i > 0; i--) {
        const key = keys[Math.floor(next() * keys.length)]!;
        if (key === "__proto__") Object.defineProperty(o, key, { value: 1, enumerable: true });
        else o[key] = valueOf(next, depth + 1, shared);
      }
      if (next() < 0.05) shared.push(o);
      return o;
    }
    default:
      return [new Map([["k", 1]]), new Set([1]), new URL("http://localhost/x"), new Error("e"), /re/][Math.floor(next() * 5)];
  }
}

describe("tRPC transformer", () => {
  it("writes exactly what superjson writes for plain outputs with Dates and undefined", () => {
    const at = new Date(Date.UTC(2026, 0, 1));
    sameAsSuperjson({ from: at, to: new Date(at.getTime() + 1), points: [{ observedAt: new Date(0), seq: null, x: undefined, v: 1.5 }] });
    sameAsSuperjson([{ "a.b": new Date(0), "c\\d": [new Date(1), undefined] }]);
    sameAsSuperjson(new Date(5));
    sameAsSuperjson(undefined);
    sameAsSuperjson({ "": new Date(0) });
    sameAsSuperjson({ plain: "only", n: [1, 2, { k: null }] });
  });

  it("hands anything that is not plain data to superjson (Map, bigint, NaN, -0, repeats, refused keys)", () => {
    const d = new Date(0);
    sameAsSuperjson({ a: d, b: d });
    sameAsSuperjson({ m: new Map([["k", new Date(0)]]), s: new Set([1]) });
    sameAsSuperjson({ n: Number.NaN, i: -Infinity, z: -0, big: 10n });
    sameAsSuperjson(JSON.parse('{"__proto__": {"x": 1}}'));
    sameAsSuperjson({ e: new Error("boom") });
  });

  it("agrees with superjson on 3,000 generated values, and superjson reads them back alike", () => {
    const next = rng(16);
    for (let i = 0; i < 3_000; i++) {
      const value = valueOf(next, 0, []);
      sameAsSuperjson(value);
      const ours = wire(serialize, value);
      const theirs = wire((v) => superjson.serialize(v), value);
      if ("text" in ours && "text" in theirs) {
        expect(transformer.deserialize(ours.text as never)).toEqual(superjson.deserialize(theirs.text as never));
      }
    }
  });

  it("writes a Date's text as toISOString does, over years 0000–9999 and past them", () => {
    const next = rng(9);
    const edges = [-62_167_219_200_000, -62_167_219_200_001, 253_402_300_799_999, 253_402_300_800_000, 0, -1, 951_782_400_000, 4_107_542_400_000];
    const times = [...edges, ...Array.from({ length: 200_000 }, () => Math.floor((next() * 2 - 1) * 8.64e15 * (next() < 0.5 ? 1 : 0.03)))];
    for (const time of times) {
      const text = isoText(time);
      if (text !== null || (time >= -62_167_219_200_000 && time < 253_402_300_800_000)) expect(text).toBe(new Date(time).toISOString());
    }
    expect(isoText(253_402_300_800_000)).toBeNull();
    expect(serialize({ at: new Date(-62_198_755_200_000) })).toEqual(superjson.serialize({ at: new Date(-62_198_755_200_000) }));
  });

  it("leaves the parts of a value without Dates or undefined as they are, and never changes the value", () => {
    const rows = [{ id: "a", at: new Date(0), patient: { id: "p", name: "n" }, series: [1, 2, null] }];
    const before = JSON.stringify(rows);
    const { json } = serialize(rows) as unknown as { json: typeof rows };
    expect(json).not.toBe(rows);
    expect(json[0]!.patient).toBe(rows[0]!.patient);
    expect(json[0]!.series).toBe(rows[0]!.series);
    expect(rows[0]!.at).toBeInstanceOf(Date);
    expect(JSON.stringify(rows)).toBe(before);
    const nullProto = Object.assign(Object.create(null) as object, { a: 1 });
    expect(Object.getPrototypeOf((serialize({ o: nullProto }).json as { o: object }).o)).toBe(Object.prototype);
  });
});
