import "server-only";
import { recordDenied } from "@/server/audit/record-audit";
import { appErrorStatus, fromDatabaseError, isAppError, retryAfterOf, type AppError } from "@/server/errors";
import { errorForLog, logger } from "@/server/logger";

// The one mapping from a thrown error to an HTTP answer for route handlers, the same one the
// tRPC error middleware applies: AppErrors (from any bundle) keep their status, database
// outages and pool exhaustion become 503 + Retry-After, refusals are audited after the
// rollback, and anything else is logged (ids only) and answered 500 with a reference.

export interface ErrorResponseOptions {
  requestId: string;
  /** Log event for unexpected errors, e.g. "vitals.ingest_failed". */
  event: string;
  /** The body for a known error (default `{ error: reason, message }`). */
  body?: (error: AppError) => unknown;
  /** The body for an unexpected error. */
  internalBody?: (requestId: string) => unknown;
}

/** An HTTP answer as plain data: what a route handler or the node:http routes (server/http/fast-path.ts) send. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  /** Sent as JSON. */
  json: unknown;
}

export function answerResponse(answer: HttpAnswer): Response {
  return Response.json(answer.json, { status: answer.status, headers: answer.headers });
}

export async function errorResponse(error: unknown, options: ErrorResponseOptions): Promise<Response> {
  return answerResponse(await errorAnswer(error, options));
}

/** errorResponse as plain data. */
export async function errorAnswer(error: unknown, options: ErrorResponseOptions): Promise<HttpAnswer> {
  const mapped = fromDatabaseError(error);
  if (isAppError(mapped)) {
    // recordDenied never throws (a failed audit write is logged).
    if (mapped.denied) await recordDenied(mapped.denied.actor, mapped.denied.entry);
    const retryAfter = retryAfterOf(mapped);
    const body = options.body ? options.body(mapped) : { error: mapped.reason ?? mapped.code, message: mapped.message };
    return {
      status: appErrorStatus(mapped),
      headers: { "x-request-id": options.requestId, ...(retryAfter ? { "Retry-After": String(retryAfter) } : {}) },
      json: body,
    };
  }
  logger.error({ error: errorForLog(error), requestId: options.requestId }, options.event);
  const body = options.internalBody
    ? options.internalBody(options.requestId)
    : {
        error: "unexpected",
        message: `Something went wrong on our side. Please try again; if it keeps happening, contact support with reference ${options.requestId}.`,
      };
  return { status: 500, headers: { "x-request-id": options.requestId }, json: body };
}
