// Helpers for the live-vitals integration tests: device tokens, calls to the device API
// route handler exactly as Next invokes it, and a recording realtime provider.
import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { POST } from "@/app/api/vitals/route";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { db } from "@/server/db";
import type { Realtime } from "@/server/integrations/realtime";
import { newDeviceToken } from "@/server/vitals/device-token-secret";

export async function makeDeviceToken(patientId: string, createdById: string, opts: { revoked?: boolean } = {}) {
  const secret = newDeviceToken();
  const row = await db.deviceToken.create({
    data: {
      patientId,
      name: `Test device ${randomBytes(2).toString("hex")}`,
      tokenHash: secret.tokenHash,
      prefix: secret.prefix,
      createdById,
      revokedAt: opts.revoked ? new Date() : null,
    },
  });
  return { ...row, token: secret.token };
}

export interface DeviceResponse {
  status: number;
  headers: Headers;
  json: {
    patientId?: string;
    readings?: {
      idempotencyKey: string;
      status: "created" | "duplicate";
      id: string;
      seq: number;
      news2: { total: number; risk: string; complete: boolean };
      alertsRaised: string[];
    }[];
    error?: { code: string; reason: string; message: string; issues?: { path: string; message: string }[] };
  };
}

/** POST /api/vitals through the real route handler. */
export async function postVitals(token: string | null, body: unknown, headers: Record<string, string> = {}): Promise<DeviceResponse> {
  const req = new NextRequest("http://localhost:3000/api/vitals", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const res = await POST(req);
  return { status: res.status, headers: res.headers, json: (await res.json()) as DeviceResponse["json"] };
}

let keyCounter = 0;
/** A reading taken `agoMs` before now with a fresh idempotency key. */
export function reading(values: Record<string, unknown>, agoMs = 1000) {
  keyCounter++;
  return { idempotencyKey: `test-${keyCounter}-${randomBytes(3).toString("hex")}`, observedAt: new Date(Date.now() - agoMs).toISOString(), ...values };
}

export const NORMAL = {
  heartRate: 72,
  systolicBp: 122,
  diastolicBp: 78,
  respiratoryRate: 15,
  spo2: 97,
  supplementalOxygen: false,
  temperature: 36.8,
  consciousness: "alert",
} as const;

/** NEWS2 8 (high): RR 26 (3) + HR 135 (3) + SBP 95 (2). */
export const DETERIORATED = { ...NORMAL, respiratoryRate: 26, heartRate: 135, systolicBp: 95 } as const;

/** NEWS2 5 (medium): HR 115 (2) + RR 22 (2) + 38.5 °C (1). */
export const MEDIUM = { ...NORMAL, heartRate: 115, respiratoryRate: 22, temperature: 38.5 } as const;

/**
 * Replaces the process's realtime provider with one that records what would be published
 * (server/realtime/publish.ts keeps the provider on globalThis). Returns the list and a
 * restore function.
 */
export function recordRealtime() {
  const events: RealtimeEvent[] = [];
  const holder = globalThis as unknown as { bedsideRealtime?: Realtime };
  const previous = holder.bedsideRealtime;
  const fake: Realtime = {
    publish: async (e) => {
      events.push(e);
      return "delivered";
    },
    publishBatch: async (es) => {
      events.push(...es);
      return es.map(() => "delivered" as const);
    },
    authorizeChannel: () => null,
    flush: async () => {},
    close: () => {},
  };
  holder.bedsideRealtime = fake;
  return {
    events,
    named: (name: string) => events.filter((e) => e.name === name),
    clear: () => events.splice(0, events.length),
    restore: () => {
      holder.bedsideRealtime = previous;
    },
  };
}
