// What superjson costs per tRPC response compared with plain JSON, for the largest read the
// screens make (`vitals.history`, 600 downsampled points, two Dates each) and a 20-row list:
// serialize on the server, parse + deserialize in the browser (same engine here), interleaved
// round by round in one process. No budget: it informs whether to drop superjson.
//
//   npx tsx bench/trpc/superjson-cost.ts [--rounds 7]
import { parseArgs } from "node:util";
import superjson from "superjson";
import { median } from "../lib/harness";

const { values: args } = parseArgs({ options: { rounds: { type: "string", default: "7" } } });
const ROUNDS = Math.min(21, Math.max(3, Number(args.rounds)));

const t0 = Date.UTC(2026, 0, 1);
const point = (i: number) => ({
  id: `c${i.toString(36).padStart(24, "0")}`,
  seq: i,
  observedAt: new Date(t0 + i * 144_000),
  receivedAt: new Date(t0 + i * 144_000 + 800),
  source: "DEVICE",
  sessionId: null,
  heartRate: 60 + (i % 40),
  systolicBp: 110 + (i % 30),
  diastolicBp: 70 + (i % 20),
  respiratoryRate: 14 + (i % 8),
  spo2: 94 + (i % 6),
  supplementalOxygen: false,
  temperature: 36.5 + (i % 10) / 10,
  consciousness: "ALERT",
  news2Total: i % 7,
  news2Risk: "LOW",
  news2Complete: true,
});
const payloads = {
  "vitals.history (600 points)": { points: Array.from({ length: 600 }, (_, i) => point(i)), serverTime: new Date(t0) },
  "list (20 rows)": Array.from({ length: 20 }, (_, i) => point(i)),
};

function time(fn: () => unknown, iterations: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / iterations;
}

for (const [name, data] of Object.entries(payloads)) {
  // Plain JSON: Dates leave as ISO strings (Date#toJSON), as an output schema mapping them would.
  const n = name.startsWith("list") ? 2000 : 100;
  const sj: number[] = [];
  const js: number[] = [];
  const sjIn: number[] = [];
  const jsIn: number[] = [];
  const sjText = JSON.stringify(superjson.serialize(data));
  const jsText = JSON.stringify(data);
  for (let round = 0; round < ROUNDS; round++) {
    sj.push(time(() => JSON.stringify(superjson.serialize(data)), n));
    js.push(time(() => JSON.stringify(data), n));
    sjIn.push(time(() => superjson.deserialize(JSON.parse(sjText) as never), n));
    jsIn.push(time(() => JSON.parse(jsText), n));
  }
  console.log(
    `${name}: bytes superjson ${sjText.length} vs JSON ${jsText.length} (×${(sjText.length / jsText.length).toFixed(2)}); ` +
      `server serialize ${median(sj).toFixed(3)} vs ${median(js).toFixed(3)} ms (×${(median(sj) / median(js)).toFixed(1)}); ` +
      `client parse ${median(sjIn).toFixed(3)} vs ${median(jsIn).toFixed(3)} ms (×${(median(sjIn) / median(jsIn)).toFixed(1)})`,
  );
}
