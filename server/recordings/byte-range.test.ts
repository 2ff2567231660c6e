import { describe, expect, it } from "vitest";
import { parseByteRange } from "./byte-range";

describe("parseByteRange", () => {
  it("serves the whole file without a header", () => {
    expect(parseByteRange(null, 100)).toBeNull();
    expect(parseByteRange("items=0-5", 100)).toBeNull();
  });

  it("reads closed, open-ended and suffix ranges, clamping the end to the file", () => {
    expect(parseByteRange("bytes=0-9", 100)).toEqual({ start: 0, end: 9 });
    expect(parseByteRange("bytes=90-", 100)).toEqual({ start: 90, end: 99 });
    expect(parseByteRange("bytes=-10", 100)).toEqual({ start: 90, end: 99 });
    expect(parseByteRange("bytes=-500", 100)).toEqual({ start: 0, end: 99 });
    expect(parseByteRange("bytes=50-1000", 100)).toEqual({ start: 50, end: 99 });
    expect(parseByteRange("bytes=0-1, 5-6", 100)).toEqual({ start: 0, end: 1 });
  });

  it("refuses ranges outside the file or malformed", () => {
    expect(parseByteRange("bytes=100-", 100)).toBe("unsatisfiable");
    expect(parseByteRange("bytes=9-3", 100)).toBe("unsatisfiable");
    expect(parseByteRange("bytes=-0", 100)).toBe("unsatisfiable");
    expect(parseByteRange("bytes=-", 100)).toBe("unsatisfiable");
    expect(parseByteRange("bytes=abc", 100)).toBe("unsatisfiable");
  });
});
