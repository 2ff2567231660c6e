// Where the tRPC reads' p99 goes: joins a `BENCH_TRACE=<dir> npx tsx bench/trpc/reads.ts` run's
// per-request client latencies (client-*.json, autocannon's fractional ms) with each server's
// own timeline (server-<pid>.json from bench/lib/trace-server.mjs: every request's arrival and
// answer, GC pauses, event-loop stalls over 4 ms).
//
//   npx tsx bench/trpc/tail.ts <dir>
//
// Per measurement (read, connections, side), for all requests and for the slowest 1 %: the
// client's latency, the server's own time (arrival → res.end), and the GC pause and stall time
// of that server inside the request's span; then the GC pauses per request by kind.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { percentile } from "../lib/harness";

interface Client {
  label: string;
  pid: number;
  connections: number;
  ends: number[];
  latencies: number[];
}
interface Pause {
  t: number;
  ms: number;
  kind?: string;
}
interface Server {
  requests: { tIn: number; tRes?: number }[];
  gcs: Pause[];
  stalls: Pause[];
}

const dir = process.argv[2];
if (!dir) throw new Error("usage: npx tsx bench/trpc/tail.ts <BENCH_TRACE dir>");
const files = readdirSync(dir);
const servers = new Map<number, Server>();
for (const f of files.filter((f) => f.startsWith("server-"))) servers.set(Number(f.slice(7, -5)), JSON.parse(readFileSync(join(dir, f), "utf8")) as Server);

const within = (pauses: Pause[], from: number, to: number) => pauses.reduce((n, p) => n + Math.max(0, Math.min(to, p.t + p.ms) - Math.max(from, p.t)), 0);
const q = (xs: number[], p: number) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    p * 100,
  );
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
const f2 = (x: number) => x.toFixed(2);

interface Row {
  label: string;
  n: number;
  p50: number;
  p99: number;
  serverAll: number;
  serverTail: number;
  gcAll: number;
  gcTail: number;
  gcHitTail: number;
  stallTail: number;
  gcPerReq: Record<string, number>;
}
const byLabel = new Map<string, Row[]>();
for (const f of files.filter((f) => f.startsWith("client-")).sort()) {
  const c = JSON.parse(readFileSync(join(dir, f), "utf8")) as Client;
  const server = servers.get(c.pid);
  if (!server) {
    console.log(`${c.label}: no server trace for pid ${c.pid}`);
    continue;
  }
  const from = c.ends[0]! - c.latencies[0]!;
  const to = c.ends.at(-1)!;
  // The server's records in this measurement, in answer order; with one connection they pair
  // one to one with the client's answers (the nearest answer before each client receipt).
  const answered = server.requests.filter((r) => r.tRes !== undefined && r.tRes >= from - 1 && r.tRes <= to).sort((a, b) => a.tRes! - b.tRes!);
  const serverTime: number[] = [];
  let j = 0;
  for (const end of c.ends) {
    while (j + 1 < answered.length && answered[j + 1]!.tRes! <= end) j++;
    const r = answered[j];
    serverTime.push(r && r.tRes! <= end ? r.tRes! - r.tIn : Number.NaN);
  }
  const p99 = q(c.latencies, 0.99);
  const tail = c.latencies.map((ms, i) => ({ ms, i })).filter((x) => x.ms >= p99);
  const gc = (i: number) => within(server.gcs, c.ends[i]! - c.latencies[i]!, c.ends[i]!);
  const stall = (i: number) => within(server.stalls, c.ends[i]! - c.latencies[i]!, c.ends[i]!);
  const gcs = server.gcs.filter((g) => g.t >= from && g.t <= to);
  const gcPerReq: Record<string, number> = {};
  for (const g of gcs) gcPerReq[g.kind ?? "?"] = (gcPerReq[g.kind ?? "?"] ?? 0) + g.ms / c.latencies.length;
  const row: Row = {
    label: c.label,
    n: c.latencies.length,
    p50: q(c.latencies, 0.5),
    p99,
    serverAll: q(
      serverTime.filter((x) => !Number.isNaN(x)),
      0.5,
    ),
    serverTail: mean(tail.map((x) => serverTime[x.i]!).filter((x) => !Number.isNaN(x))),
    gcAll: mean(c.latencies.map((_, i) => gc(i))),
    gcTail: mean(tail.map((x) => gc(x.i))),
    gcHitTail: tail.filter((x) => gc(x.i) > 0).length / Math.max(1, tail.length),
    stallTail: mean(tail.map((x) => stall(x.i))),
    gcPerReq,
  };
  byLabel.set(c.label, [...(byLabel.get(c.label) ?? []), row]);
}

console.log(
  "measurement | rounds | requests | p50 | p99 | server time p50 | server time, tail mean | GC in span, all | GC in span, tail | tail hit by GC | stall in span, tail | GC ms per request by kind",
);
for (const [label, rows] of byLabel) {
  const kinds = new Set(rows.flatMap((r) => Object.keys(r.gcPerReq)));
  const gcKinds = [...kinds].map((k) => `${k} ${(mean(rows.map((r) => r.gcPerReq[k] ?? 0)) * 1000).toFixed(0)} µs`).join(", ");
  console.log(
    [
      label,
      rows.length,
      mean(rows.map((r) => r.n)).toFixed(0),
      f2(mean(rows.map((r) => r.p50))),
      f2(mean(rows.map((r) => r.p99))),
      f2(mean(rows.map((r) => r.serverAll))),
      f2(mean(rows.map((r) => r.serverTail))),
      f2(mean(rows.map((r) => r.gcAll))),
      f2(mean(rows.map((r) => r.gcTail))),
      `${(mean(rows.map((r) => r.gcHitTail)) * 100).toFixed(0)} %`,
      f2(mean(rows.map((r) => r.stallTail))),
      gcKinds,
    ].join(" | "),
  );
}
