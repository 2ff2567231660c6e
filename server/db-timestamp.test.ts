import { describe, expect, it } from "vitest";
import { parseUtcTimestamp } from "./db-timestamp";

// What server/db.ts read timestamps with before: the reference for every answer.
const stringParse = (text: string) => new Date(`${text.replace(" ", "T")}Z`);
const same = (text: string) => {
  const parsed = parseUtcTimestamp(text);
  expect(parsed).toBeInstanceOf(Date);
  expect(Object.getPrototypeOf(parsed)).toBe(Date.prototype);
  expect(parsed.getTime(), text).toEqual(stringParse(text).getTime());
};

/** PostgreSQL's text for a timestamp with `fraction` digits after the seconds (it drops trailing zeros). */
function pgText(ms: number, fraction: number, micros = 0) {
  const iso = new Date(ms).toISOString();
  const base = iso.slice(0, 19).replace("T", " ");
  if (fraction === 0) return base;
  const digits = (iso.slice(20, 23) + String(micros).padStart(3, "0")).slice(0, fraction);
  return `${base}.${digits}`;
}

describe("parseUtcTimestamp", () => {
  it("reads PostgreSQL's timestamp text as UTC exactly as the string parse does, with 0 to 6 fraction digits", () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 5_000; i++) {
      const ms = Math.floor(-2e12 + random() * 2e13);
      same(pgText(ms, i % 7, Math.floor(random() * 1_000)));
    }
  });

  it("keeps the edges: leap day, end of year, midnight, the first and last years Date.UTC reads as written", () => {
    for (const text of [
      "2024-02-29 23:59:59.999",
      "1999-12-31 23:59:59",
      "2000-01-01 00:00:00",
      "0100-01-01 00:00:00",
      "9999-12-31 23:59:59.999999",
      "1970-01-01 00:00:00.5",
      "2026-12-05 15:00:00.05",
    ])
      same(text);
  });

  it("leaves every other shape to the string parse: years before 100 or past 9999, BC, infinity, stray characters", () => {
    for (const text of [
      "0050-06-01 12:00:00",
      "10000-01-01 00:00:00",
      "2020-01-01 00:00:00 BC",
      "infinity",
      "-infinity",
      "2020-01-01 0a:00:00",
      "2020-01-01 00:00:00.1x",
      "2020-01-01 00:00:00.1234x",
    ]) {
      const parsed = parseUtcTimestamp(text);
      const reference = stringParse(text);
      expect(Number.isNaN(parsed.getTime()) ? "invalid" : parsed.getTime(), text).toEqual(Number.isNaN(reference.getTime()) ? "invalid" : reference.getTime());
    }
    expect(parseUtcTimestamp("0050-06-01 12:00:00").getUTCFullYear()).toBe(50);
  });
});
