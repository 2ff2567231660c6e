// What superjson costs per tRPC response compared with plain JSON, for the largest read the
// screens make (`vitals.history`: 600 downsampled points as it answers them now, one array per
// field with two Dates in all, and as it answered them before, an object per point with two
// Dates each) and a 20-row list:
// serialize on the server, parse + deserialize in the browser (same engine here), interleaved
// round by round in one process, and the server's own encoder of superjson's format
// (server/api/transformer.ts), which is what responses go through. No budget: it informs whether
// to drop superjson.
//
//   npx tsx bench/trpc/superjson-cost.ts [--rounds 7]
import { parseArgs } from "node:util";
import superjson from "superjson";
import { serialize as bedsideSerialize } from "../../server/api/transformer";
import { median } from "../lib/harness";
import { historyAnswer, historyPoint, historyPoints, T0 } from "../lib/history-answer";

const { values: args } = parseArgs({ options: { rounds: { type: "string", default: "7" } } });
const ROUNDS = Math.min(21, Math.max(3, Number(args.rounds)));

const payloads = {
  "vitals.history (600 points, series)": historyAnswer(600),
  "vitals.history (600 points, objects, before)": { points: historyPoints(600), serverTime: new Date(T0) },
  "list (20 rows)": Array.from({ length: 20 }, (_, i) => historyPoint(i)),
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
  const own: number[] = [];
  const js: number[] = [];
  const sjIn: number[] = [];
  const jsIn: number[] = [];
  const sjText = JSON.stringify(superjson.serialize(data));
  const jsText = JSON.stringify(data);
  for (let round = 0; round < ROUNDS; round++) {
    sj.push(time(() => JSON.stringify(superjson.serialize(data)), n));
    own.push(time(() => JSON.stringify(bedsideSerialize(data)), n));
    js.push(time(() => JSON.stringify(data), n));
    sjIn.push(time(() => superjson.deserialize(JSON.parse(sjText) as never), n));
    jsIn.push(time(() => JSON.parse(jsText), n));
  }
  console.log(
    `${name}: bytes superjson ${sjText.length} vs JSON ${jsText.length} (×${(sjText.length / jsText.length).toFixed(2)}); ` +
      `server serialize ${median(sj).toFixed(3)} vs ${median(js).toFixed(3)} ms (×${(median(sj) / median(js)).toFixed(1)}), ` +
      `Bedside's encoder (server/api/transformer.ts, same format) ${median(own).toFixed(3)} ms (×${(median(own) / median(js)).toFixed(1)}); ` +
      `client parse ${median(sjIn).toFixed(3)} vs ${median(jsIn).toFixed(3)} ms (×${(median(sjIn) / median(jsIn)).toFixed(1)})`,
  );
}
