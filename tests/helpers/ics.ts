import { expect } from "vitest";

/** A strict reading of RFC 5545's content-line rules: what a calendar client would reject. */
export function parseIcs(ics: string) {
  expect(ics.endsWith("\r\n"), "ends with CRLF").toBe(true);
  expect(/(^|[^\r])\n/.test(ics), "no bare LF").toBe(false);
  const physical = ics.slice(0, -2).split("\r\n");
  for (const line of physical) expect(new TextEncoder().encode(line).length, `line too long: ${line}`).toBeLessThanOrEqual(75);
  const lines: string[] = [];
  for (const line of physical) {
    if (line.startsWith(" ") || line.startsWith("\t")) lines[lines.length - 1] += line.slice(1);
    else lines.push(line);
  }
  const stack: string[] = [];
  const props: Record<string, string[]> = {};
  for (const line of lines) {
    const m = /^([A-Z-]+)((?:;[^:]*)?):(.*)$/.exec(line);
    expect(m, `content line: ${line}`).not.toBeNull();
    const [, name, , value] = m!;
    if (name === "BEGIN") stack.push(value!);
    else if (name === "END") expect(stack.pop()).toBe(value);
    else (props[`${stack.join("/")}/${name}`] ??= []).push(value!);
  }
  expect(stack).toEqual([]);
  return props;
}
