// The payload of a `vitals.observation` realtime event as Bedside publishes it: one normal adult
// reading, scored NEWS2 0 (LOW). Tests and benches that publish or replay vitals events start
// from it and change only what they are about (the seq, a value, the time).
import type { EventPayload } from "@/lib/realtime/events";

export type ObservationEventPayload = EventPayload<"vitals.observation">;

export function observationEventPayload(patientId: string, seq: number, changes: Partial<ObservationEventPayload> = {}): ObservationEventPayload {
  return {
    patientId,
    seq,
    observedAt: new Date().toISOString(),
    heartRate: 72,
    systolicBp: 120,
    diastolicBp: 80,
    respiratoryRate: 14,
    spo2: 97,
    supplementalOxygen: false,
    temperature: 36.8,
    consciousness: "ALERT",
    news2Total: 0,
    news2Risk: "LOW",
    news2Complete: true,
    source: "DEVICE",
    ...changes,
  };
}
