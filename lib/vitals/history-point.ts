// One reading as a point of the vitals history chart: a bucket of one. The server uses it
// for ranges small enough to send every reading, the live screen for readings arriving
// over realtime, so both draw the same point.
import type { THistoryPoint } from "@/server/api/routers/vitals/schemas";

export function pointOfReading(o: Omit<THistoryPoint, "count">): THistoryPoint {
  return {
    observedAt: o.observedAt,
    seq: o.seq,
    heartRate: o.heartRate,
    systolicBp: o.systolicBp,
    diastolicBp: o.diastolicBp,
    respiratoryRate: o.respiratoryRate,
    spo2: o.spo2,
    temperature: o.temperature,
    news2Total: o.news2Total,
    news2Risk: o.news2Risk,
    news2Complete: o.news2Complete,
    count: 1,
  };
}
