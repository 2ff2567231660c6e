import { QueryClient, QueryObserver, type QueryObserverResult } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { refreshQueries } from "./refresh";

/** A list the "server" reads when a request arrives and answers only when told to. */
function fakeServer() {
  let devices = ["pulse oximeter"];
  const held: (() => void)[] = [];
  let requests = 0;
  return {
    connect: (name: string) => void (devices = [...devices, name]),
    queryFn: () => {
      requests += 1;
      const snapshot = devices;
      return new Promise<string[]>((resolve) => held.push(() => resolve(snapshot)));
    },
    /** Answers requests in order until none is left, including any made meanwhile. */
    answerAll: async () => {
      do {
        while (held.length) held.shift()!();
        await new Promise((r) => setTimeout(r, 0));
      } while (held.length);
    },
    requests: () => requests,
  };
}

const key = ["vitals.devices.list", { patientId: "p1" }];
let client: QueryClient;
afterEach(() => client?.clear());

/** The device list on screen: an observer, as useQuery makes one, recording every result it shows. */
function mountList(server: ReturnType<typeof fakeServer>) {
  client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 30_000 } } });
  const observer = new QueryObserver(client, { queryKey: key, queryFn: server.queryFn });
  const shown: QueryObserverResult<string[]>[] = [];
  const unsubscribe = observer.subscribe((r) => shown.push(r));
  return { observer, shown, unsubscribe };
}

describe("refreshQueries", () => {
  it("a device connected while the list's first load is in flight is listed: the load read before the change is not reused", async () => {
    const server = fakeServer();
    const { observer } = mountList(server);
    expect(server.requests()).toBe(1); // the first load, read before the device exists

    server.connect("blood pressure cuff");
    const refreshed = refreshQueries(client, { queryKey: key });
    await server.answerAll();
    await refreshed;

    expect(server.requests()).toBe(2);
    expect(observer.getCurrentResult().data).toEqual(["pulse oximeter", "blood pressure cuff"]);
  });

  it("the screen goes on loading until the fresh answer: no empty, idle or error state in between", async () => {
    const server = fakeServer();
    const { shown } = mountList(server);
    server.connect("blood pressure cuff");
    await Promise.all([refreshQueries(client, { queryKey: key }), server.answerAll()]);
    await server.answerAll();

    for (const r of shown.slice(0, -1)) expect({ status: r.status, fetchStatus: r.fetchStatus }).toEqual({ status: "pending", fetchStatus: "fetching" });
    expect(shown.at(-1)).toMatchObject({ status: "success", data: ["pulse oximeter", "blood pressure cuff"] });
  });

  it("someone awaiting the cancelled first load (fetchQuery, a suspense boundary) gets the fresh answer, not a CancelledError", async () => {
    const server = fakeServer();
    mountList(server);
    const awaited = client.fetchQuery({ queryKey: key, queryFn: server.queryFn });
    server.connect("blood pressure cuff");
    void refreshQueries(client, { queryKey: key });
    await server.answerAll();
    await expect(awaited).resolves.toEqual(["pulse oximeter", "blood pressure cuff"]);
  });

  it("a list that has data is fetched again (invalidateQueries' own cancelRefetch path)", async () => {
    const server = fakeServer();
    const { observer } = mountList(server);
    await server.answerAll();
    server.connect("blood pressure cuff");
    const refreshed = refreshQueries(client, { queryKey: key });
    await server.answerAll();
    await refreshed;
    expect(observer.getCurrentResult().data).toEqual(["pulse oximeter", "blood pressure cuff"]);
  });

  it("a first load nobody shows (no observer) is left to finish: it is not cancelled into a fetch that never ends", async () => {
    const server = fakeServer();
    client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const prefetch = client.prefetchQuery({ queryKey: key, queryFn: server.queryFn });
    await refreshQueries(client, { queryKey: key }); // nothing active to refetch: resolves at once
    await server.answerAll();
    await prefetch;
    expect(client.getQueryState(key)).toMatchObject({ status: "success", fetchStatus: "idle" });
  });

  it("several filters in one call are all refreshed", async () => {
    const a = fakeServer();
    const b = fakeServer();
    client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    const oa = new QueryObserver(client, { queryKey: ["a"], queryFn: a.queryFn });
    const ob = new QueryObserver(client, { queryKey: ["b"], queryFn: b.queryFn });
    oa.subscribe(() => {});
    ob.subscribe(() => {});
    a.connect("x");
    b.connect("y");
    const refreshed = refreshQueries(client, { queryKey: ["a"] }, { queryKey: ["b"] });
    await Promise.all([a.answerAll(), b.answerAll()]);
    await refreshed;
    expect(oa.getCurrentResult().data).toContain("x");
    expect(ob.getCurrentResult().data).toContain("y");
  });
});

// What react-query does without the helper (query-core 5.108). If one of these starts failing
// after an upgrade, re-read Query.fetch: refreshQueries may have become unnecessary.
describe("react-query without refreshQueries", () => {
  it("invalidateQueries joins a first load in flight: the list keeps the answer read before the change", async () => {
    const server = fakeServer();
    const { observer } = mountList(server);
    server.connect("blood pressure cuff");
    const invalidated = client.invalidateQueries({ queryKey: key });
    await server.answerAll();
    await invalidated;
    expect(server.requests()).toBe(1);
    expect(observer.getCurrentResult()).toMatchObject({ data: ["pulse oximeter"], isStale: false });
  });

  it("cancelQueries (revert) on a first load shows pending-and-idle until the next fetch, and rejects its awaiters", async () => {
    const server = fakeServer();
    const { shown } = mountList(server);
    const awaited = client.fetchQuery({ queryKey: key, queryFn: server.queryFn });
    await client.cancelQueries({ queryKey: key });
    expect(shown.at(-1)).toMatchObject({ status: "pending", fetchStatus: "idle", isLoading: false });
    await expect(awaited).rejects.toThrow("CancelledError");
  });
});
