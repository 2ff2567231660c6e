import { RequestCookies } from "next/dist/compiled/@edge-runtime/cookies";
import { describe, expect, it } from "vitest";
import { parseCookieHeader } from "./request-cookies";

// The node:http routes read the session cookie with this parser; Next's routes with RequestCookies.
// Both must see the same cookies, or one path could be signed in where the other is not.
describe("parseCookieHeader", () => {
  const headers = [
    "authjs.session-token=abc.def-ghi_jkl",
    "a=1; authjs.session-token=x; b=2",
    "a=1;authjs.session-token=x;  b=2",
    "authjs.session-token.0=part1; authjs.session-token.1=part2",
    "x=%E2%82%AC; y=%E0%A4%A; flag",
    "dup=first; dup=second",
    "=empty-name; trailing=;",
    "",
  ];
  for (const header of headers) {
    it(`reads ${JSON.stringify(header)} as Next's RequestCookies does`, () => {
      const ours = parseCookieHeader(header);
      const next = new RequestCookies(new Headers({ cookie: header }));
      expect(ours.getAll()).toEqual(next.getAll().map(({ name, value }) => ({ name, value })));
      for (const { name } of next.getAll()) expect(ours.get(name)?.value).toBe(next.get(name)?.value);
    });
  }
});
