// Points of the vitals history chart. The server sends them as series (one array per field,
// see ZHistorySeries); a reading is a point of its own, a bucket of one. The server uses
// these for every range, the live screen for readings arriving over realtime, so both draw
// the same point.
import type { THistoryPoint, THistorySeries } from "@/server/api/routers/vitals/schemas";

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

export function emptySeries(): THistorySeries {
  return {
    t: [],
    seq: [],
    heartRate: [],
    systolicBp: [],
    diastolicBp: [],
    respiratoryRate: [],
    spo2: [],
    temperature: [],
    news2Total: [],
    news2Risk: [],
    news2Complete: [],
    count: [],
  };
}

/** Appends `p` as the series' last point (the caller keeps time order). */
export function pushPoint(s: THistorySeries, p: THistoryPoint): void {
  s.t.push(p.observedAt.getTime());
  s.seq.push(p.seq);
  s.heartRate.push(p.heartRate);
  s.systolicBp.push(p.systolicBp);
  s.diastolicBp.push(p.diastolicBp);
  s.respiratoryRate.push(p.respiratoryRate);
  s.spo2.push(p.spo2);
  s.temperature.push(p.temperature);
  s.news2Total.push(p.news2Total);
  s.news2Risk.push(p.news2Risk);
  s.news2Complete.push(p.news2Complete);
  s.count.push(p.count);
}

export function pointAt(s: THistorySeries, i: number): THistoryPoint {
  return {
    observedAt: new Date(s.t[i]!),
    seq: s.seq[i]!,
    heartRate: s.heartRate[i]!,
    systolicBp: s.systolicBp[i]!,
    diastolicBp: s.diastolicBp[i]!,
    respiratoryRate: s.respiratoryRate[i]!,
    spo2: s.spo2[i]!,
    temperature: s.temperature[i]!,
    news2Total: s.news2Total[i]!,
    news2Risk: s.news2Risk[i]!,
    news2Complete: s.news2Complete[i]!,
    count: s.count[i]!,
  };
}

/**
 * The series with a live reading added in time order (after points of the same instant) and
 * the points before `fromMs` dropped: the window slides with the stream. A new object; the
 * cached one is left as it was.
 */
export function withPoint(s: THistorySeries, p: THistoryPoint, fromMs: number): THistorySeries {
  const t = p.observedAt.getTime();
  const out = emptySeries();
  let added = false;
  for (let i = 0; i < s.t.length; i++) {
    if (!added && s.t[i]! > t) {
      if (t >= fromMs) pushPoint(out, p);
      added = true;
    }
    if (s.t[i]! >= fromMs) pushPoint(out, pointAt(s, i));
  }
  if (!added && t >= fromMs) pushPoint(out, p);
  return out;
}

/** Every point of the series, as objects. */
export function pointsOf(s: THistorySeries): THistoryPoint[] {
  return s.t.map((_, i) => pointAt(s, i));
}
