// What checking a procedure's output costs, the way tRPC checks a bare zod schema (`parseAsync`)
// against the way the routers check it now (`syncOutput(schema)`: zod's synchronous `parse`,
// server/api/trpc.ts), for the real output schemas of the reads the screens make most:
// `consultations.upcoming` (100 rows) and `vitals.history` (600 downsampled points). Rounds
// alternate which form goes first, in one process; the ratio is the median over rounds. It prints
// the time per check and the garbage-collection pause time per check (from `gc` performance
// entries). No budget: it informs the tRPC reads bench (bench/trpc/reads.ts).
//
//   npx tsx bench/trpc/output-parse.ts [--rounds 7]
import { parseArgs } from "node:util";
import { PerformanceObserver } from "node:perf_hooks";
import type { z } from "zod";
import { ZListUpcomingOutput } from "../../server/api/routers/consultations/schemas";
import { ZHistoryOutput } from "../../server/api/routers/vitals/schemas";
import { median } from "../lib/harness";
import { historyAnswer, T0 } from "../lib/history-answer";
import { syncOutput } from "../../server/api/sync-output";

const { values: args } = parseArgs({ options: { rounds: { type: "string", default: "7" } } });
const ROUNDS = Math.min(21, Math.max(3, Number(args.rounds)));

const upcoming = {
  joinWindowPolicy: { beforeMinutes: 10, afterMinutes: 30 },
  consultations: Array.from({ length: 100 }, (_, i) => ({
    id: `c${i.toString(36).padStart(24, "0")}`,
    visitId: `v${i.toString(36).padStart(24, "0")}`,
    scheduledStart: new Date(T0 + i * 1_200_000),
    durationMinutes: 20,
    status: "SCHEDULED" as const,
    reason: i % 3 ? "Blood pressure follow-up" : null,
    patient: { id: `p${i.toString(36).padStart(24, "0")}`, name: "Maria Garcia" },
    clinician: { id: "cclinician000000000000000", name: "Dr Amara Okafor" },
    session: i % 2 ? { id: `s${i.toString(36).padStart(24, "0")}`, status: "SCHEDULED" as const } : null,
    patientArrivedAt: null,
  })),
};
const history = historyAnswer(600);

let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
}).observe({ entryTypes: ["gc"] });
const gcEntriesDelivered = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Per check: wall time and GC pause, both in µs, over `iterations` checks. */
async function measure(check: () => unknown, iterations: number): Promise<{ us: number; gc: number }> {
  await gcEntriesDelivered();
  const gc0 = gcMs;
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await check();
  const us = Number(process.hrtime.bigint() - start) / 1e3 / iterations;
  await gcEntriesDelivered();
  return { us, gc: ((gcMs - gc0) * 1e3) / iterations };
}

const cases: [string, z.ZodType, unknown, number][] = [
  ["consultations.upcoming (100 rows)", ZListUpcomingOutput, upcoming, 400],
  ["vitals.history (600 points)", ZHistoryOutput, history, 400],
];
for (const [name, schema, value, iterations] of cases) {
  // Same answer both ways, before timing anything.
  const [a, b] = [JSON.stringify(await schema.parseAsync(value)), JSON.stringify(syncOutput(schema)(value))];
  if (a !== b) throw new Error(`${name}: parse and parseAsync disagree`);
  const asyncForm = () => schema.parseAsync(value);
  const check = syncOutput(schema);
  const syncForm = () => check(value);
  await measure(asyncForm, iterations);
  await measure(syncForm, iterations);
  const rows: { async: { us: number; gc: number }; sync: { us: number; gc: number } }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      const x = await measure(asyncForm, iterations);
      rows.push({ async: x, sync: await measure(syncForm, iterations) });
    } else {
      const y = await measure(syncForm, iterations);
      rows.push({ sync: y, async: await measure(asyncForm, iterations) });
    }
  }
  const m = (f: (r: (typeof rows)[number]) => number) => median(rows.map(f));
  const [aus, sus, agc, sgc] = [m((r) => r.async.us), m((r) => r.sync.us), m((r) => r.async.gc), m((r) => r.sync.gc)];
  console.log(
    `${name}: parseAsync (tRPC given a zod schema) ${aus.toFixed(0)} µs per check, of which GC ${agc.toFixed(0)} µs; ` +
      `parse (syncOutput) ${sus.toFixed(0)} µs, GC ${sgc.toFixed(0)} µs; ratio ×${(aus / sus).toFixed(1)} (median of ${ROUNDS} rounds)`,
  );
}
