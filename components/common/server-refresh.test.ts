import { describe, expect, it } from "vitest";
import { createRefresher, reconnected } from "./server-refresh";

function setup(staleMs?: number) {
  let clock = 1_000_000;
  const deferred: (() => void)[] = [];
  let refreshes = 0;
  const r = createRefresher({ refresh: () => refreshes++, defer: (f) => deferred.push(f), now: () => clock, staleMs });
  const flush = () => deferred.splice(0).forEach((f) => f());
  return { r, flush, advance: (ms: number) => (clock += ms), count: () => refreshes };
}

describe("createRefresher", () => {
  it("refreshes once for several events arriving in the same tick", () => {
    const { r, flush, count } = setup();
    r.request();
    r.request();
    r.request();
    expect(count()).toBe(0);
    flush();
    expect(count()).toBe(1);
    r.request();
    flush();
    expect(count()).toBe(2);
  });

  it("polls only while the tab is visible", () => {
    const { r, flush, count } = setup();
    r.tick(true);
    flush();
    expect(count()).toBe(0);
    r.tick(false);
    flush();
    expect(count()).toBe(1);
  });

  it("refreshes on return only a view older than staleMs", () => {
    const { r, flush, advance, count } = setup(30_000);
    advance(29_000);
    r.resumed();
    flush();
    expect(count()).toBe(0);
    advance(1_000);
    r.resumed();
    flush();
    expect(count()).toBe(1);
    // The refresh just made counts as fresh again.
    advance(10_000);
    r.resumed();
    flush();
    expect(count()).toBe(1);
  });
});

describe("reconnected", () => {
  it("is a reconnect only when the connection comes back, not on the first connect", () => {
    expect(reconnected("reconnecting", "connected")).toBe(true);
    expect(reconnected("offline", "connected")).toBe(true);
    expect(reconnected("connecting", "connected")).toBe(false);
    expect(reconnected("connected", "connected")).toBe(false);
    expect(reconnected("connected", "reconnecting")).toBe(false);
  });
});
