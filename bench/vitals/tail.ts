// Where the latency tail of bench/vitals/ingest.ts goes. Run the bench with BENCH_TRACE=<dir>
// (the load generator writes each reading's scheduled, sent, answered and received times;
// each `next start` writes its own timeline, bench/lib/trace-server.mjs), then:
//
//   npx tsx bench/vitals/tail.ts <dir> [--worst 20]
//
// Per side (raw, bare, app0, app1 …; every rate and round together, or `--match 100-s` for
// one rate): p50/p90/p99, and for the middle decile, the 90–99th percentiles and the worst
// 1 % the mean of each stretch of a reading's way (ms):
//   gen      scheduled → the generator sent it (generator lag)
//   toServer sent → the server saw the request
//   preTx    arrival → the transaction's pool wait began (body, token, rate limit)
//   poolWait waiting for a pooled connection
//   tx       first statement sent → last answered (BEGIN … COMMIT), split into
//   rt1      the first round trip (statements sent together with the first, to their last answer)
//   js       its last answer → the next statement sent (the server's own work and event-loop wait)
//   rt2      the rest (the second round trip; 0 when the write was one round trip)
//   toPub    arrival → the publish call
//   pubReq   publish call → soketi's answer
//   deliver  publish call → pusher-js received it
//   gc, stall  GC pauses / event-loop stalls (> 25 ms) of that server inside the reading's span
// and, per server, GC pauses by kind. Each side also splits its readings at `--first` ms
// (default 1000) after its phase's first scheduled send: whether a phase's opening holds the tail.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { percentile } from "../lib/harness";

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { worst: { type: "string", default: "0" }, match: { type: "string", default: "" }, first: { type: "string", default: "1000" } },
});
const dir = positionals[0];
if (!dir) throw new Error("usage: tail.ts <BENCH_TRACE dir> [--worst N] [--match <file part>]");

interface Query {
  k: string;
  t0: number;
  t1: number;
}
interface Publish {
  tCall: number;
  tSent?: number;
  tAnswer?: number;
  reused?: boolean;
  key?: string;
  /** Every reading the publish carried (a triggerBatch carries several). */
  keys?: string[];
}
interface ServerRequest {
  tIn: number;
  tBody?: number;
  tRes?: number;
  q: Query[];
  pub: Publish[];
  /** The readings the request's answer named. */
  keys?: string[];
}
interface Pause {
  t: number;
  ms: number;
  kind?: string;
}
interface ServerTrace {
  requests: ServerRequest[];
  publishes?: Publish[];
  gcs: Pause[];
  stalls: Pause[];
}

const files = readdirSync(dir);
const servers = files.filter((f) => /^server-\d+\.json$/.test(f)).map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as ServerTrace);
const byKey = new Map<string, { request: ServerRequest; publish: Publish; server: ServerTrace }>();
for (const server of servers) {
  // A reading's publish may have gone out in another request's context (coalesced at the end of
  // the event-loop turn, one triggerBatch for the turn): each side is joined by the reading's key.
  const requestOf = new Map<string, ServerRequest>();
  for (const request of server.requests) for (const key of request.keys ?? []) requestOf.set(key, request);
  for (const request of server.requests) {
    for (const publish of request.pub) {
      for (const key of publish.keys ?? (publish.key ? [publish.key] : [])) byKey.set(key, { request: requestOf.get(key) ?? request, publish, server });
    }
  }
  // BENCH_TRACE_LIGHT: publishes recorded outside any request.
  for (const publish of server.publishes ?? []) {
    for (const key of publish.keys ?? []) {
      const request = requestOf.get(key);
      if (request) byKey.set(key, { request, publish, server });
    }
  }
}

const fmt = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? "–" : n.toFixed(1)).padStart(7);
const within = (pauses: Pause[], from: number, to: number) => pauses.filter((p) => p.t < to && p.t + p.ms > from).reduce((n, p) => n + p.ms, 0);
const STRETCHES = ["total", "gen", "toServer", "preTx", "poolWait", "tx", "rt1", "js", "rt2", "toPub", "pubReq", "deliver", "gc", "stall"] as const;
type Stretch = (typeof STRETCHES)[number];

/** Which side (app0, app1 …) each server answered, from the readings it published. */
const sideOf = new Map<ServerTrace, string>();
const sides = [...new Set(files.map((f) => /-(raw|bare|app\d+)\.jsonl$/.exec(f)?.[1]).filter((s): s is string => !!s))].sort();
for (const side of sides) {
  const readings = files
    .filter((f) => f.endsWith(`-${side}.jsonl`) && f.includes(args.match))
    .flatMap((f) => {
      const lines = readFileSync(join(dir, f), "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line) as [string, number, number | null, number | null, number | null]);
      // The phase (one file) began at its first scheduled send.
      const phaseStart = Math.min(...lines.map(([, scheduled]) => scheduled));
      return lines.map((line) => [...line, phaseStart] as const);
    })
    .filter(([, , , , received]) => received !== null)
    .map(([key, scheduled, sent, , received, phaseStart]) => {
      const r: Partial<Record<Stretch, number>> & { key: string; reused?: boolean; sinceStart: number } = {
        key,
        total: received! - scheduled,
        sinceStart: scheduled - phaseStart,
      };
      if (sent !== null) r.gen = sent - scheduled;
      const server = byKey.get(key);
      if (server) sideOf.set(server.server, side);
      if (server && sent !== null) {
        const { request, publish } = server;
        const wait = request.q.find((q) => q.k === "pool wait");
        const statements = request.q.filter((q) => q.k.startsWith("tx:"));
        r.toServer = request.tIn - sent;
        r.preTx = (wait?.t0 ?? request.tIn) - request.tIn;
        r.poolWait = wait ? wait.t1 - wait.t0 : 0;
        r.tx = statements.length ? Math.max(...statements.map((q) => q.t1)) - Math.min(...statements.map((q) => q.t0)) : undefined;
        if (statements.length) {
          // Statements sent within 1 ms of the first went out together (pipelined, one write).
          const start = Math.min(...statements.map((q) => q.t0));
          const first = statements.filter((q) => q.t0 - start < 1);
          const rest = statements.filter((q) => q.t0 - start >= 1);
          const firstDone = Math.max(...first.map((q) => q.t1));
          r.rt1 = firstDone - start;
          r.js = rest.length ? Math.min(...rest.map((q) => q.t0)) - firstDone : 0;
          r.rt2 = rest.length ? Math.max(...rest.map((q) => q.t1)) - Math.min(...rest.map((q) => q.t0)) : 0;
        }
        r.toPub = publish.tCall - request.tIn;
        r.pubReq = publish.tAnswer !== undefined ? publish.tAnswer - publish.tCall : undefined;
        r.deliver = received! - publish.tCall;
        r.gc = within(server.server.gcs, scheduled, received!);
        r.stall = within(server.server.stalls, scheduled, received!);
        r.reused = publish.reused;
      }
      return r;
    })
    .sort((a, b) => a.total! - b.total!);
  if (readings.length === 0) continue;
  const totals = readings.map((r) => r.total!);
  console.log(
    `\n${side}: ${readings.length} readings, p50 ${fmt(percentile(totals, 50))} p90 ${fmt(percentile(totals, 90))} p99 ${fmt(percentile(totals, 99))} max ${fmt(totals.at(-1))} ms`,
  );
  const n = readings.length;
  const band = (label: string, set: typeof readings) => {
    const mean = (k: Stretch) => {
      const values = set.map((r) => r[k]).filter((v): v is number => v !== undefined);
      return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
    };
    console.log(`  ${label.padEnd(9)}${STRETCHES.map((k) => `${k} ${fmt(mean(k))}`).join(" ")}`);
  };
  band("p45–55", readings.slice(Math.floor(n * 0.45), Math.ceil(n * 0.55)));
  band("p90–99", readings.slice(Math.floor(n * 0.9), Math.floor(n * 0.99)));
  band("worst 1%", readings.slice(Math.floor(n * 0.99)));
  const firstMs = Number(args.first);
  const opening = readings.filter((r) => r.sinceStart < firstMs).map((r) => r.total!);
  const rest = readings.filter((r) => r.sinceStart >= firstMs).map((r) => r.total!);
  const worst = readings.slice(Math.floor(n * 0.99));
  console.log(
    `  first ${firstMs} ms of a phase: ${opening.length} readings, p50 ${fmt(percentile(opening, 50))} p99 ${fmt(percentile(opening, 99))} max ${fmt(opening.at(-1))}; ` +
      `after: p50 ${fmt(percentile(rest, 50))} p99 ${fmt(percentile(rest, 99))} max ${fmt(rest.at(-1))} ms; ` +
      `worst 1 % in the opening: ${worst.filter((r) => r.sinceStart < firstMs).length} of ${worst.length}`,
  );
  const publishes = readings.filter((r) => r.reused !== undefined);
  if (publishes.length) console.log(`  publishes on a reused connection: ${publishes.filter((r) => r.reused).length} of ${publishes.length}`);
  for (const r of readings.slice(n - Number(args.worst))) console.log(`  ${STRETCHES.map((k) => `${k} ${fmt(r[k])}`).join(" ")}`);
}

for (const [i, server] of servers.entries()) {
  const kinds = new Map<string, number[]>();
  for (const g of server.gcs) kinds.set(g.kind ?? "?", [...(kinds.get(g.kind ?? "?") ?? []), g.ms]);
  const stored = server.requests.length;
  console.log(
    `\nserver ${i} (${sideOf.get(server) ?? "?"}): ${stored} posts; GC pauses ${server.gcs.reduce((n, g) => n + g.ms, 0).toFixed(0)} ms in all (${(server.gcs.reduce((n, g) => n + g.ms, 0) / stored).toFixed(2)} ms per post)`,
  );
  for (const [kind, ms] of kinds) {
    ms.sort((a, b) => a - b);
    console.log(
      `  ${kind.padEnd(20)} ×${String(ms.length).padStart(4)}  median ${fmt(percentile(ms, 50))}  p99 ${fmt(percentile(ms, 99))}  max ${fmt(ms.at(-1))} ms`,
    );
  }
  console.log(`  event-loop stalls > 25 ms: ${server.stalls.length}, ${server.stalls.reduce((n, s) => n + s.ms, 0).toFixed(0)} ms in all`);
}
