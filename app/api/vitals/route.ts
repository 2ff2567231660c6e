// Device ingest: `POST /api/vitals` with `Authorization: Bearer <device token>` and one
// reading or `{ "readings": [...] }`. Answers 201 when something new was stored, 200 when
// every reading was a replay; errors are `{ error: { code, reason, message, issues? } }`.
import { NextResponse, type NextRequest } from "next/server";
import { errorResponse } from "@/server/http/error-response";
import { readBounded } from "@/server/http/read-bounded";
import { newRequestId } from "@/server/request-id";
import { bearerToken } from "@/server/vitals/device-token-secret";
import { ingestDeviceReadings } from "@/server/vitals/ingest-device-readings";

const MAX_BODY_BYTES = 256 * 1024;

function problem(status: number, code: string, reason: string, message: string, extra: Record<string, unknown> = {}, headers?: HeadersInit) {
  return NextResponse.json({ error: { code, reason, message, ...extra } }, { status, headers });
}

export async function POST(req: NextRequest) {
  const requestId = req.headers.get("x-request-id") ?? newRequestId();
  if (!/^application\/json\b/i.test(req.headers.get("content-type") ?? "")) {
    return problem(415, "UNSUPPORTED_MEDIA_TYPE", "not_json", "Send the readings as JSON with `Content-Type: application/json`.");
  }
  const text = await readBounded(req, MAX_BODY_BYTES);
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
    const result = await ingestDeviceReadings({ token: bearerToken(req.headers.get("authorization")), body, requestId });
    const created = result.readings.some((r) => r.status === "created");
    return NextResponse.json(
      {
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
      { status: created ? 201 : 200, headers: { "x-request-id": requestId } },
    );
  } catch (error) {
    return errorResponse(error, {
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
