import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_RETRY_AFTER_SECONDS } from "@/server/errors";
import { databaseOutageAnswer, databaseRecentlyUnreachable, noteDatabaseReachable, noteDatabaseUnreachable } from "./database-outage";

const page = (method = "GET") => new Request("http://localhost/join/abc", { method });

afterEach(() => noteDatabaseReachable());

describe("database outage record", () => {
  it("holds for Retry-After seconds after the last failure, then lets the next request try again", () => {
    const t = 1_000_000;
    expect(databaseRecentlyUnreachable(t)).toBe(false);
    noteDatabaseUnreachable(t);
    expect(databaseRecentlyUnreachable(t + DEFAULT_RETRY_AFTER_SECONDS * 1000 - 1)).toBe(true);
    expect(databaseRecentlyUnreachable(t + DEFAULT_RETRY_AFTER_SECONDS * 1000)).toBe(false);
  });

  it("is cleared by the first query that succeeds", () => {
    noteDatabaseUnreachable();
    noteDatabaseReachable();
    expect(databaseRecentlyUnreachable()).toBe(false);
  });

  it("is one record for every copy of the module (proxy.ts and the pages are separate bundles)", () => {
    noteDatabaseUnreachable();
    const record = (globalThis as Record<symbol, { failedAt: number | null }>)[Symbol.for("bedside.databaseOutage")];
    expect(record?.failedAt).toEqual(expect.any(Number));
  });
});

describe("databaseOutageAnswer", () => {
  it("answers nothing while the database is reachable", () => {
    expect(databaseOutageAnswer(page(), "/join/abc")).toBeNull();
  });

  it("answers page GETs and HEADs 503 + Retry-After with a page that reloads the same address", async () => {
    noteDatabaseUnreachable();
    const res = databaseOutageAnswer(page(), "/join/abc")!;
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe(String(DEFAULT_RETRY_AFTER_SECONDS));
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await res.text();
    expect(html).toContain("Bedside can't reach its records right now");
    expect(html).toContain(`This page will retry in ${DEFAULT_RETRY_AFTER_SECONDS} seconds`);
    // No URL in the refresh: the same address is loaded again.
    expect(html).toContain(`<meta http-equiv="refresh" content="${DEFAULT_RETRY_AFTER_SECONDS}">`);
    // It loads nothing: no script, stylesheet, image or font that could send a Referer.
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(/i);
    const head = databaseOutageAnswer(page("HEAD"), "/join/abc")!;
    expect(head.status).toBe(503);
    expect(await head.text()).toBe("");
  });

  it("leaves API routes (their own 503 JSON) and server actions (POST) alone", () => {
    noteDatabaseUnreachable();
    expect(databaseOutageAnswer(new Request("http://localhost/api/trpc/account.me"), "/api/trpc/account.me")).toBeNull();
    expect(databaseOutageAnswer(page("POST"), "/join/abc")).toBeNull();
  });
});
