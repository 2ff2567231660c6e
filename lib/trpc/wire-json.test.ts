import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { deserialize, serialize, type WireResult } from "./wire-json";

const at = new Date("2026-12-05T09:30:00.000Z");
// A fresh Date for each place: superjson records one object met twice as a referential
// equality, which serialize does not write (tested apart below).
const d = (offsetMs = 0) => new Date(at.getTime() + offsetMs);
const plainValues: [string, unknown][] = [
  ["a string", "x"],
  ["null", null],
  ["a Date at the root", d()],
  ["undefined at the root", undefined],
  ["an empty object", {}],
  [
    "a consultation list",
    [
      { id: "c1", scheduledStart: d(), reason: null, session: { id: "s1" }, joinWindow: { opensAt: d(-600_000), closesAt: new Date(0) } },
      { id: "c2", reason: undefined },
    ],
  ],
  ["keys with dots and backslashes", { "a.b": { "c\\d": d() }, "e\\.f": [d(1)] }],
  ["a vitals history", { series: Array.from({ length: 50 }, (_, i) => ({ at: d(i * 1000), value: i / 3 })) }],
  ["nested arrays", [[d(), [undefined, 1]], true]],
];

describe("wire-json serialize (inputs)", () => {
  it.each(plainValues)("writes what superjson writes for %s", (_, value) => {
    expect(serialize(value)).toEqual(superjson.serialize(value));
    expect(superjson.deserialize(serialize(value) as never)).toEqual(value);
  });

  it("writes a value met twice as two copies, which superjson reads back equal", () => {
    const value = { a: at, b: [at], c: { at } };
    expect(superjson.deserialize(JSON.parse(JSON.stringify(serialize(value))) as never)).toEqual(value);
  });

  it.each([
    ["a Map", new Map([[1, 2]])],
    ["a bigint", 1n],
    ["NaN", { n: Number.NaN }],
    ["a class instance", { v: new URL("https://example.test") }],
  ])("refuses %s rather than send something superjson would read back differently", (_, value) => {
    expect(() => serialize(value)).toThrow(TypeError);
  });
});

describe("wire-json deserialize (outputs, hydration)", () => {
  it.each(plainValues)("reads what superjson wrote for %s", (_, value) => {
    const wire = JSON.parse(JSON.stringify(superjson.serialize(value) ?? null)) as WireResult;
    expect(deserialize(wire)).toEqual(superjson.deserialize(wire as never));
    expect(deserialize(wire)).toEqual(value);
  });

  it("reads superjson's other built-in annotations: special numbers, bigint, RegExp, Error, Set, Map", () => {
    const value = {
      n: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0],
      big: 12345678901234567890n,
      re: /a.b\/c/gi,
      err: Object.assign(new Error("boom"), { name: "TypeError" }),
      set: new Set([1, "two"]),
      map: new Map<string, unknown>([["k", 1]]),
      mapWithDates: new Map([[d(), d(1)]]),
    };
    const wire = JSON.parse(JSON.stringify(superjson.serialize(value))) as WireResult;
    const ours = deserialize<typeof value>(wire);
    const theirs = superjson.deserialize<typeof value>(wire as never);
    expect(ours.n).toEqual(theirs.n);
    expect(Object.is(ours.n[3], -0)).toBe(true);
    expect(ours.big).toBe(theirs.big);
    expect(ours.re).toEqual(theirs.re);
    expect(ours.err).toBeInstanceOf(Error);
    expect([ours.err.name, ours.err.message]).toEqual([theirs.err.name, theirs.err.message]);
    expect(ours.set).toEqual(theirs.set);
    expect(ours.map).toEqual(theirs.map);
    expect(ours.mapWithDates).toEqual(theirs.mapWithDates);
    expect([...ours.mapWithDates.keys()][0]).toBeInstanceOf(Date);
  });

  it("restores a value met twice as one object, as superjson does", () => {
    const shared = { at, label: "x" };
    const value = { a: shared, b: [shared], c: { d: shared } };
    const wire = JSON.parse(JSON.stringify(superjson.serialize(value))) as WireResult;
    expect(wire.meta?.referentialEqualities).toBeDefined();
    const ours = deserialize<typeof value>(wire);
    expect(ours).toEqual(value);
    expect(ours.b[0]).toBe(ours.a);
    expect(ours.c.d).toBe(ours.a);
    expect(ours.a.at).toBeInstanceOf(Date);
  });

  it("leaves its input as it was (the same dehydrated state may be read twice)", () => {
    const wire = JSON.parse(JSON.stringify(superjson.serialize({ at }))) as WireResult;
    const before = structuredClone(wire);
    deserialize(wire);
    expect(wire).toEqual(before);
  });

  it("fails loudly on a shared reference inside a Map or Set (no output has one)", () => {
    const wire = JSON.parse(JSON.stringify(superjson.serialize({ m: new Map([[at, at]]) }))) as WireResult;
    expect(() => deserialize(wire)).toThrow(/Map or Set/);
  });

  it("fails loudly on annotations that need superjson's registries", () => {
    expect(() => deserialize({ json: {}, meta: { values: { x: ["custom", "Decimal"] }, v: 1 } })).toThrow(/custom/);
  });
});
