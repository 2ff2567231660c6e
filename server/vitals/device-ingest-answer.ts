// Device ingest over HTTP (`POST /api/vitals`), independent of the HTTP server: Next's route
// (app/api/vitals/route.ts) and the production server's node:http route (server/http/fast-path.ts)
// both answer through this, so each rule has one home. `Authorization: Bearer <device token>`
// and one reading or `{ "readings": [...] }`; 201 when something new was stored, 200 when
// every reading was a replay; errors are `{ error: { code, reason, message, issues? } }`.
import "server-only";
import { errorAnswer, type HttpAnswer } from "@/server/http/error-response";
import { newRequestId } from "@/server/request-id";
import { bearerToken } from "@/server/vitals/device-token-secret";
import { ingestDeviceReadings } from "@/server/vitals/ingest-device-readings";

export const MAX_INGEST_BODY_BYTES = 256 * 1024;

export interface DeviceIngestRequest {
  header(name: "content-type" | "authorization" | "x-request-id"): string | null;
  /** The body as text, or null when it is longer than `limit` bytes (server/http/read-bounded.ts). */
  readBody(limit: number): Promise<string | null>;
}

function problem(status: number, code: string, reason: string, message: string): HttpAnswer {
  return { status, headers: {}, json: { error: { code, reason, message } } };
}

export async function answerDeviceIngest(req: DeviceIngestRequest): Promise<HttpAnswer> {
  const requestId = req.header("x-request-id") ?? newRequestId();
  if (!/^application\/json\b/i.test(req.header("content-type") ?? "")) {
    return problem(415, "UNSUPPORTED_MEDIA_TYPE", "not_json", "Send the readings as JSON with `Content-Type: application/json`.");
  }
  const text = await req.readBody(MAX_INGEST_BODY_BYTES);
  if (text === null) {
    return problem(413, "PAYLOAD_TOO_LARGE", "too_large", "The request is too large. Send at most 100 readings per request.");
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return problem(400, "BAD_REQUEST", "invalid_json", "The body is not valid JSON.");
  }

  try {
    const result = await ingestDeviceReadings({ token: bearerToken(req.header("authorization")), body, requestId });
    const created = result.readings.some((r) => r.status === "created");
    return {
      status: created ? 201 : 200,
      headers: { "x-request-id": requestId },
      json: {
        patientId: result.patientId,
        readings: result.readings.map((r) => ({
          idempotencyKey: r.idempotencyKey,
          status: r.status,
          id: r.observation.id,
          seq: r.observation.seq,
          observedAt: r.observation.observedAt.toISOString(),
          news2: r.news2,
          alertsRaised: r.alertsRaised,
        })),
      },
    };
  } catch (error) {
    return errorAnswer(error, {
      requestId,
      event: "vitals.ingest_failed",
      body: (e) => {
        const issues = (e.details as { issues?: unknown } | undefined)?.issues;
        return { error: { code: e.code, reason: e.reason ?? "error", message: e.message, ...(issues ? { issues } : {}) } };
      },
      internalBody: (ref) => ({
        error: { code: "INTERNAL", reason: "unexpected", message: `Something went wrong on our side; retry the same request (it is safe). Reference ${ref}.` },
      }),
    });
  }
}
