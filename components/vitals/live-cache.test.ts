import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { TObservation, TVitalsSummary } from "@/server/api/routers/vitals/schemas";
import { applyObservation, replayAfterFetches, withAlert } from "./live-cache";

const patientId = "clz9x8c7v6b5n4m3a2s1d0fg";
const at = (s: number) => new Date(Date.UTC(2026, 10, 21, 9, 0, s));

function obs(seq: number, second: number, values: Partial<TObservation> = {}): TObservation {
  return {
    id: `o${seq}`,
    seq,
    observedAt: at(second),
    receivedAt: at(second),
    source: "DEVICE",
    sessionId: null,
    heartRate: null,
    systolicBp: null,
    diastolicBp: null,
    respiratoryRate: null,
    spo2: null,
    supplementalOxygen: null,
    temperature: null,
    consciousness: null,
    news2Total: 0,
    news2Risk: "LOW",
    news2Complete: false,
    ...values,
  };
}

function summary(over: Partial<TVitalsSummary> = {}): TVitalsSummary {
  const none = null;
  return {
    patient: { id: patientId, givenName: "A", familyName: "B", mrn: "M", spo2Scale: 1, isSelf: false },
    viewerRole: "CLINICIAN",
    seq: 0,
    latest: null,
    recent: [],
    latestValues: {
      heartRate: none,
      systolicBp: none,
      diastolicBp: none,
      respiratoryRate: none,
      spo2: none,
      temperature: none,
      supplementalOxygen: none,
      consciousness: none,
    },
    openAlerts: [],
    serverTime: at(0),
    ...over,
  };
}

describe("applyObservation", () => {
  it("moves the latest set and each parameter's latest value forward", () => {
    let s = applyObservation(summary(), obs(1, 1, { heartRate: 80, spo2: 97 }));
    s = applyObservation(s, obs(2, 2, { heartRate: 90 }));
    expect(s.seq).toBe(2);
    expect(s.latest?.seq).toBe(2);
    expect(s.latestValues.heartRate).toMatchObject({ value: 90 });
    expect(s.latestValues.spo2).toMatchObject({ value: 97, observedAt: at(1) });
    expect(s.recent.map((r) => r.seq)).toEqual([1, 2]);
  });

  it("does not let a late, older reading replace newer values", () => {
    let s = applyObservation(summary(), obs(1, 10, { heartRate: 80 }));
    s = applyObservation(s, obs(2, 5, { heartRate: 120 }));
    expect(s.latestValues.heartRate).toMatchObject({ value: 80 });
    expect(s.latest?.seq).toBe(1);
    expect(s.recent.map((r) => r.seq)).toEqual([2, 1]);
  });

  it("raises an open aggregate alert's worst NEWS2 as readings get worse", () => {
    const s = withAlert(summary(), { alertId: "calert00000000000000000000", patientId, condition: "NEWS2_AGGREGATE", news2Total: 5, at: at(0).toISOString() });
    expect(applyObservation(s, obs(1, 1, { news2Total: 8 })).openAlerts[0]?.news2Total).toBe(8);
    expect(applyObservation(s, obs(1, 1, { news2Total: 3 })).openAlerts[0]?.news2Total).toBe(5);
  });
});

describe("withAlert", () => {
  const event = { alertId: "calert00000000000000000000", patientId, condition: "NEWS2_AGGREGATE", news2Total: 6, at: at(0).toISOString() };

  it("shows a raised alert to staff at once, once", () => {
    const s = withAlert(withAlert(summary(), event), event);
    expect(s.openAlerts.map((a) => a.id)).toEqual([event.alertId]);
  });

  it("never adds alerts to a patient's own view", () => {
    expect(withAlert(summary({ viewerRole: "PATIENT" }), event).openAlerts).toEqual([]);
  });
});

describe("replayAfterFetches", () => {
  const summaryKey = ["vitals.summary", { patientId }];
  const historyKey = ["vitals.history", { patientId, range: "1h" }];
  const filters = { summary: { queryKey: summaryKey, exact: true }, history: { queryKey: ["vitals.history", { patientId }] } };

  function deferred<T>() {
    let resolve!: (value: T) => void;
    const promise = new Promise<T>((r) => (resolve = r));
    return { promise, resolve };
  }

  it("reports each server answer with the newest reading it holds, so readings applied while it was on its way are applied again", async () => {
    const client = new QueryClient();
    const replays: (number | null)[] = [];
    const stop = replayAfterFetches(client.getQueryCache(), filters, (seq) => replays.push(seq));
    const history = deferred<{ bucketSeconds: null; series: { seq: (number | null)[] } }>();
    const fetching = client.fetchQuery({ queryKey: historyKey, queryFn: () => history.promise });
    const summary = deferred<{ seq: number }>();
    const fetchingSummary = client.fetchQuery({ queryKey: summaryKey, queryFn: () => summary.promise });
    history.resolve({ bucketSeconds: null, series: { seq: [1, 2] } });
    summary.resolve({ seq: 2 });
    await Promise.all([fetching, fetchingSummary]);
    await new Promise((r) => setTimeout(r, 0));
    expect(replays.sort()).toEqual([2, 2]);
    stop();
  });

  it("says 'none' for an answer without readings, and skips the cache's own updates, bucketed history and other queries", async () => {
    const client = new QueryClient();
    const replays: (number | null)[] = [];
    const stop = replayAfterFetches(client.getQueryCache(), filters, (seq) => replays.push(seq));
    await client.fetchQuery({ queryKey: historyKey, queryFn: () => ({ bucketSeconds: null, series: { seq: [] } }) });
    await new Promise((r) => setTimeout(r, 0));
    expect(replays).toEqual([null]);
    replays.length = 0;
    // An event applied to the cache is not an answer (else each event would replay itself).
    client.setQueryData(historyKey, { bucketSeconds: null, series: { seq: [3] } });
    client.setQueryData(summaryKey, { seq: 3 });
    await client.fetchQuery({ queryKey: ["vitals.history", { patientId, range: "7d" }], queryFn: () => ({ bucketSeconds: 300, series: { seq: [null] } }) });
    await client.fetchQuery({ queryKey: ["vitals.summary", { patientId: "someone-else" }], queryFn: () => ({ seq: 9 }) });
    await new Promise((r) => setTimeout(r, 0));
    expect(replays).toEqual([]);
    stop();
  });
});
