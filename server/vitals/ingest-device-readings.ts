// The device API (`POST /api/vitals`): a home device posts one reading or a batch with its
// bearer token. The token decides the patient; a body naming any other patient is refused
// whole. Validation happens before anything is written, so a bad batch stores nothing.
import "server-only";
import { env } from "@/env";
import { parseDeviceIngestBody } from "@/lib/vitals/reading-schema";
import type { SystemActor } from "@/server/audit/actor";
import { recordDenied } from "@/server/audit/record-audit";
import { sqlQuery } from "@/server/db";
import { Prisma } from "@/server/generated/prisma/client";
import { AppError } from "@/server/errors";
import { consumeRateLimitBuffered } from "@/server/security/rate-limit";
import { findDeviceByTokenHash, noteDeviceRevoked, type CachedDevice } from "./device-token-cache";
import { hashDeviceToken } from "./device-token-secret";
import { DeviceTokenRefusedError, invalidReadings, recordObservations, type RecordedReading } from "./record-observations";

// lastUsedAt is for people ("last used 2 minutes ago"), not an access log: once a minute is enough.
const LAST_USED_RESOLUTION_MS = 60_000;

// Devices whose lastUsedAt is due, written together at the end of the event-loop turn in one
// statement on the pool. Every device of a fleet falls due in the same second after a lull or a
// restart: one Prisma update each (about a millisecond of this process's CPU apiece) then held
// up the other readings of that second (bench/vitals/ingest.ts, README).
const dueTouches = new Map<string, Date>();
let touching: Promise<void> | undefined;

function touchLastUsed(deviceId: string, now: Date): Promise<void> {
  dueTouches.set(deviceId, now);
  touching ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    const touches = [...dueTouches];
    dueTouches.clear();
    touching = undefined;
    // Timestamps as UTC ISO strings (the columns hold UTC without a zone; db.ts).
    const ids = touches.map(([id]) => id);
    const times = touches.map(([, at]) => at.toISOString());
    await sqlQuery(Prisma.sql`
      UPDATE "DeviceToken" AS t SET "lastUsedAt" = v."at"
        FROM unnest(${ids}::text[], ${times}::timestamp(3)[]) AS v("id", "at")
       WHERE t."id" = v."id" AND (t."lastUsedAt" IS NULL OR t."lastUsedAt" < v."at" - ${LAST_USED_RESOLUTION_MS}::int * interval '1 millisecond')`);
  });
  return touching;
}

export interface IngestDeviceReadingsOptions {
  /** The bearer token as sent, or null when the header is missing. */
  token: string | null;
  body: unknown;
  requestId: string;
  now?: Date;
}

export interface IngestDeviceReadingsResult {
  patientId: string;
  readings: RecordedReading[];
}

function invalidToken(): AppError {
  return new AppError(
    "UNAUTHORIZED",
    "This device token is not valid: it may have been revoked or mistyped. Create a new token in Bedside and set it on the device.",
    { reason: "invalid_device_token" },
  );
}

export async function ingestDeviceReadings({ token, body, requestId, now = new Date() }: IngestDeviceReadingsOptions): Promise<IngestDeviceReadingsResult> {
  if (!token) {
    throw new AppError("UNAUTHORIZED", "Send the device token in an `Authorization: Bearer <token>` header.", { reason: "missing_device_token" });
  }
  // Cached for a minute; a revocation the cache has not seen is caught inside the write.
  const device = await findDeviceByTokenHash(hashDeviceToken(token), now.getTime());
  if (!device || device.revokedAt) throw invalidToken();
  const actor: SystemActor = { system: "device", requestId, subjectId: device.id };

  // A sync of the device's count that is due goes out inside the reading's own write.
  const limit = await consumeRateLimitBuffered(`vitals-device:${device.id}`, env.VITALS_DEVICE_RATE_LIMIT_PER_MINUTE, 60_000, undefined, undefined, {
    handOver: true,
  });
  try {
    return await store(device, actor, body, limit, now);
  } finally {
    // Not sent with a write (refused, invalid, or the write failed): on its own, as before.
    limit.sync?.sendAlone();
  }
}

async function store(
  device: CachedDevice,
  actor: SystemActor,
  body: unknown,
  limit: Awaited<ReturnType<typeof consumeRateLimitBuffered>>,
  now: Date,
): Promise<IngestDeviceReadingsResult> {
  if (!limit.allowed) {
    throw new AppError("TOO_MANY_REQUESTS", `This device is sending too often. Wait ${limit.retryAfterSeconds} s, or send readings in batches.`, {
      reason: "rate_limited",
      details: { retryAfterSeconds: limit.retryAfterSeconds },
    });
  }

  const parsed = parseDeviceIngestBody(body);
  if (!parsed.success) throw invalidReadings(parsed.issues);
  if (parsed.data.patientId !== undefined && parsed.data.patientId !== device.patientId) {
    await recordDenied(actor, {
      action: "vitals.device.ingest",
      entityType: "DeviceToken",
      entityId: device.id,
      patientId: device.patientId,
      metadata: { reason: "token_patient_mismatch" },
    });
    throw new AppError("FORBIDDEN", "This device token belongs to a different patient: nothing was saved.", { reason: "token_patient_mismatch" });
  }

  const single = !("readings" in (body as object));
  const result = await recordObservations({
    actor,
    patientId: device.patientId,
    readings: parsed.data.readings,
    source: "DEVICE",
    deviceTokenId: device.id,
    rateLimitSync: limit.sync,
    pathOf: (i) => (single ? "observedAt" : `readings.${i}.observedAt`),
    now,
  }).catch((error: unknown) => {
    if (!(error instanceof DeviceTokenRefusedError)) throw error;
    noteDeviceRevoked(device, now);
    throw invalidToken();
  });

  if (!device.lastUsedAt || now.getTime() - device.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // The cached copy is shared: note the write so this instance does not repeat it for a minute.
    device.lastUsedAt = now;
    await touchLastUsed(device.id, now);
  }
  return { patientId: device.patientId, readings: result.readings };
}
