// `vitals.history`'s answer as the benches build it (bench/trpc/superjson-cost.ts,
// bench/trpc/output-parse.ts): readings every 144 s from 2026-01-01, values cycling within
// their clinical ranges.
export const T0 = Date.UTC(2026, 0, 1);
/** One reading as `vitals.history` answered it before it sent series (an object per point). */
export const historyPoint = (i: number) => ({
  id: `c${i.toString(36).padStart(24, "0")}`,
  seq: i,
  observedAt: new Date(T0 + i * 144_000),
  receivedAt: new Date(T0 + i * 144_000 + 800),
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
export const historyPoints = (n: number) => Array.from({ length: n }, (_, i) => historyPoint(i));
/** `vitals.history`'s answer (ZHistoryOutput) for `n` points: the series, one array per field. */
export const historyAnswer = (n: number) => {
  const ps = historyPoints(n);
  return {
    from: new Date(T0),
    to: new Date(T0 + n * 144_000),
    bucketSeconds: 144,
    series: {
      t: ps.map((p) => p.observedAt.getTime()),
      seq: ps.map((p) => p.seq),
      heartRate: ps.map((p) => p.heartRate),
      systolicBp: ps.map((p) => p.systolicBp),
      diastolicBp: ps.map((p) => p.diastolicBp),
      respiratoryRate: ps.map((p) => p.respiratoryRate),
      spo2: ps.map((p) => p.spo2),
      temperature: ps.map((p) => p.temperature),
      news2Total: ps.map((p) => p.news2Total),
      news2Risk: ps.map((p) => p.news2Risk),
      news2Complete: ps.map((p) => p.news2Complete),
      count: ps.map(() => 1),
    },
  };
};
