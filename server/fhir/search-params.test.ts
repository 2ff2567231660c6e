import { describe, expect, it } from "vitest";
import {
  FhirSearchError,
  MAX_COUNT,
  decodeCursor,
  encodeCursor,
  groupParams,
  parseCount,
  parseDateParams,
  parseFhirDate,
  parsePatientReference,
  parseSort,
} from "./search-params";

describe("FHIR search parameters", () => {
  it("reads a date's precision as the range it covers", () => {
    expect(parseFhirDate("2026")).toEqual({ start: new Date("2026-01-01T00:00:00Z"), end: new Date("2027-01-01T00:00:00Z") });
    expect(parseFhirDate("2026-02")).toEqual({ start: new Date("2026-02-01T00:00:00Z"), end: new Date("2026-03-01T00:00:00Z") });
    expect(parseFhirDate("2026-12-31")).toEqual({ start: new Date("2026-12-31T00:00:00Z"), end: new Date("2027-01-01T00:00:00Z") });
    expect(parseFhirDate("2026-01-05T10:30:00+02:00")).toEqual({ start: new Date("2026-01-05T08:30:00Z"), end: new Date("2026-01-05T08:30:01Z") });
    expect(parseFhirDate("2026-01-05T10:30Z")).toEqual({ start: new Date("2026-01-05T10:30:00Z"), end: new Date("2026-01-05T10:31:00Z") });
  });

  it("refuses dates that are not FHIR dates, impossible days and times without a zone", () => {
    for (const bad of ["yesterday", "2026-13", "2026-02-30", "2026-01-05T10:30:00", "26-01-01"]) expect(parseFhirDate(bad), bad).toBeNull();
  });

  it("combines prefixed bounds into one half-open range; le includes the whole day", () => {
    expect(parseDateParams(["ge2026-01-01", "le2026-01-31"])).toEqual({ gte: new Date("2026-01-01T00:00:00Z"), lt: new Date("2026-02-01T00:00:00Z") });
    expect(parseDateParams(["gt2026-01-01", "lt2026-01-31"])).toEqual({ gte: new Date("2026-01-02T00:00:00Z"), lt: new Date("2026-01-31T00:00:00Z") });
    expect(parseDateParams(["2026-01-05"])).toEqual({ gte: new Date("2026-01-05T00:00:00Z"), lt: new Date("2026-01-06T00:00:00Z") });
    expect(() => parseDateParams(["ne2026-01-01"])).toThrow(FhirSearchError);
    expect(() => parseDateParams(["ge2026-01-01,le2026-02-01"])).toThrow(/own parameter/);
  });

  it("takes one patient as <id> or Patient/<id>", () => {
    expect(parsePatientReference(["Patient/abc-1"])).toBe("abc-1");
    expect(parsePatientReference(["abc"])).toBe("abc");
    expect(() => parsePatientReference(["Practitioner/x"])).toThrow(FhirSearchError);
    expect(() => parsePatientReference(["a", "b"])).toThrow(/exactly one/);
  });

  it("bounds _count, refuses nonsense, and sorts by date only", () => {
    expect(parseCount([])).toBe(50);
    expect(parseCount(["10"])).toBe(10);
    expect(parseCount(["100000"])).toBe(MAX_COUNT);
    for (const bad of ["0", "-1", "2.5", "many"]) expect(() => parseCount([bad]), bad).toThrow(FhirSearchError);
    expect(parseSort([])).toBe("desc");
    expect(parseSort(["date"])).toBe("asc");
    expect(() => parseSort(["_id"])).toThrow(/not supported/);
  });

  it("refuses a parameter it does not support, modifiers included, instead of ignoring it", () => {
    const allowed = ["patient", "code"];
    expect(groupParams(new URLSearchParams("patient=1&code=a&code=b"), allowed, "Observation").get("code")).toEqual(["a", "b"]);
    expect(() => groupParams(new URLSearchParams("patient=1&code:text=pulse"), allowed, "Observation")).toThrow(/"code:text" is not supported for Observation/);
  });

  it("round-trips a cursor and refuses a forged one", () => {
    const c = { t: "2026-01-01T00:00:00.000Z", id: "abc", k: 2 };
    expect(decodeCursor([encodeCursor(c)])).toEqual(c);
    expect(decodeCursor([])).toBeNull();
    expect(() => decodeCursor(["not-a-cursor"])).toThrow(FhirSearchError);
    expect(() => decodeCursor([Buffer.from(JSON.stringify({ t: "soon", id: 1 })).toString("base64url")])).toThrow(FhirSearchError);
  });
});
