// Preloaded into `next start` by bench/lib/harness.ts when BENCH_TRACE=<dir> is set
// (`node --import`): a timeline of every POST /api/vitals — arrival, body read, each pool
// wait and statement, the response, the realtime publish (call, request sent, soketi's
// answer, socket reused or new) with the reading it carried — plus every GC pause and every
// event-loop stall over 25 ms. Written as JSON to <dir>/server-<pid>.json when the server
// exits; bench/vitals/tail.ts joins it with the load generator's per-reading times.
// BENCH_TRACE_PATHS (comma-separated URL prefixes, default /api/vitals) chooses the requests
// recorded, BENCH_TRACE_STALL_MS the stall threshold (bench/trpc/reads.ts: every request, 4 ms).
// BENCH_TRACE_LIGHT=1 records arrival, answer and publish times without following each
// request's async work (AsyncLocalStorage, which on Node 20 runs promise hooks on every
// promise and at 500/s slowed the server it measured to 370 stored/s): no pool waits or
// statements then, and publishes are listed on their own (`publishes`).
import { AsyncLocalStorage } from "node:async_hooks";
import diagnostics from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import { PerformanceObserver, performance } from "node:perf_hooks";

const dir = process.env.BENCH_TRACE;
const light = process.env.BENCH_TRACE_LIGHT === "1";
const RECORD = Symbol("bench trace record");
/** Light mode: every publish, outside any request's record. */
const publishes = [];
const now = () => performance.timeOrigin + performance.now();
const context = new AsyncLocalStorage();
const requests = [];
const gcs = [];
const stalls = [];
const GC_KINDS = { 1: "scavenge", 2: "mark-compact", 4: "incremental-marking", 8: "weak-callbacks" };

new PerformanceObserver((list) => {
  for (const e of list.getEntries())
    gcs.push({ t: performance.timeOrigin + e.startTime, ms: e.duration, kind: GC_KINDS[e.detail?.kind] ?? String(e.detail?.kind) });
}).observe({ entryTypes: ["gc"] });

// The request's record follows its async work (the handler, pg, the publish).
const PATHS = (process.env.BENCH_TRACE_PATHS ?? "/api/vitals").split(",");
const STALL_MS = Number(process.env.BENCH_TRACE_STALL_MS ?? 25);
diagnostics.subscribe("http.server.request.start", ({ request }) => {
  if (!PATHS.some((p) => request.url.startsWith(p))) return;
  const record = { tIn: now(), q: [], pub: [] };
  requests.push(record);
  if (light) request[RECORD] = record;
  else context.enterWith(record);
  request.once("end", () => (record.tBody = now()));
});
const end = http.ServerResponse.prototype.end;
http.ServerResponse.prototype.end = function (...args) {
  const record = light ? this.req?.[RECORD] : context.getStore();
  if (record && !record.tRes) {
    record.tRes = now();
    // The answer names the readings it stored (patientId, seq): kept to join them to their publish.
    if (typeof args[0] === "string" || Buffer.isBuffer(args[0])) record.answer = String(args[0]);
  }
  return end.apply(this, args);
};

// The realtime publish (the pusher SDK over node-fetch calls http.request).
const request = http.request;
http.request = function (...args) {
  const record = light ? undefined : context.getStore();
  const tCall = now();
  const req = request.apply(this, args);
  if ((!record && !light) || !String(req.path).startsWith("/apps/")) return req;
  const publish = { tCall, body: "" };
  (record?.pub ?? publishes).push(publish);
  const write = req.write;
  const finish = req.end;
  req.write = function (chunk, ...rest) {
    if (chunk && typeof chunk !== "function") publish.body += String(chunk);
    return write.call(this, chunk, ...rest);
  };
  req.end = function (chunk, ...rest) {
    if (chunk && typeof chunk !== "function") publish.body += String(chunk);
    return finish.call(this, chunk, ...rest);
  };
  req.once("socket", () => (publish.reused = req.reusedSocket));
  req.once("finish", () => (publish.tSent = now()));
  req.once("response", () => (publish.tAnswer = now()));
  return req;
};

// pg is a server external of Next: the same module the app's pool uses.
if (!light)
  try {
    const pg = createRequire(`${process.cwd()}/package.json`)("pg");
    const timed = (label, start, promise, record, extra) =>
      promise.then(
        () => record.q.push({ k: label, t0: start, t1: now(), ...extra }),
        () => {},
      );
    const connect = pg.Pool.prototype.connect;
    pg.Pool.prototype.connect = function (...args) {
      const record = context.getStore();
      const result = connect.apply(this, args);
      if (record && result?.then) timed("pool wait", now(), result, record, { waiting: this.waitingCount });
      return result;
    };
    for (const [Class, where] of [
      [pg.Pool, "pool"],
      [pg.Client, "tx"],
    ]) {
      const query = Class.prototype.query;
      Class.prototype.query = function (config, ...args) {
        const record = context.getStore();
        const result = query.call(this, config, ...args);
        // The pool's own query runs on a client with a callback: counted once, as the pool's.
        if (record && result?.then) {
          const text = (typeof config === "string" ? config : config.text).trim().replace(/\s+/g, " ").slice(0, 24);
          timed(`${where}: ${text}`, now(), result, record);
        }
        return result;
      };
    }
  } catch (error) {
    console.error("bench trace: pg not instrumented:", error.message);
  }

const TICK_MS = Math.min(10, Math.max(1, Math.floor(STALL_MS / 2)));
let last = now();
setInterval(() => {
  const t = now();
  if (t - last > STALL_MS) stalls.push({ t: last, ms: t - last - TICK_MS });
  last = t;
}, TICK_MS).unref();

process.on("exit", () => {
  if (!dir || requests.length === 0) return;
  for (const record of requests) {
    try {
      const answer = JSON.parse(record.answer);
      record.keys = answer.readings.map((r) => `${answer.patientId}:${r.seq}`);
    } catch {
      // refused, or not JSON
    }
    delete record.answer;
  }
  for (const publish of [...requests.flatMap((r) => r.pub), ...publishes]) {
    // A publish made at the end of the event-loop turn runs in the context of the turn's first
    // request: a triggerBatch body carries the readings of every request of that turn.
    publish.keys = [];
    try {
      const body = JSON.parse(publish.body);
      for (const event of body.batch ?? [body]) {
        try {
          const data = JSON.parse(event.data);
          if (data.patientId !== undefined && data.seq !== undefined) publish.keys.push(`${data.patientId}:${data.seq}`);
        } catch {
          // an alert or another event: no reading key
        }
      }
    } catch {
      // not JSON
    }
    publish.key = publish.keys[0];
    delete publish.body;
  }
  writeFileSync(`${dir}/server-${process.pid}.json`, JSON.stringify({ requests, publishes, gcs, stalls }));
});
