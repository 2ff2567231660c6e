import type { AnyActor } from "./audit/actor";
import type { AuditEntry } from "./audit/record-audit";

// One error type for the whole domain. Domain code throws AppError with a code and a
// message written for the person using the app (what went wrong, what to do); the tRPC
// error formatter and the route handlers map the code once to a transport status.

export const APP_ERROR_CODES = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  // The record exists and the caller may see it, but its state forbids the action
  // (e.g. ending a completed session, joining outside the join window).
  PRECONDITION_FAILED: 412,
  TOO_MANY_REQUESTS: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;

/**
 * A refusal to be written to the audit trail once the refused operation's transaction has
 * rolled back (writing it from inside would be lost with the rollback, or wait on it).
 * The transport layer persists it: the tRPC error middleware and route handlers.
 */
export interface DeniedAccess {
  actor: AnyActor;
  entry: Omit<AuditEntry, "outcome">;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  /** Machine-readable reason for clients and tests, e.g. "outside_join_window". */
  readonly reason: string | undefined;
  /** Safe, non-PHI details for the client (e.g. when the join window opens). */
  readonly details: Record<string, unknown> | undefined;
  readonly denied: DeniedAccess | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { reason?: string; details?: Record<string, unknown>; cause?: unknown; denied?: DeniedAccess } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.reason = options.reason;
    this.details = options.details;
    this.denied = options.denied;
  }

  get httpStatus(): number {
    return APP_ERROR_CODES[this.code];
  }
}

/** Outsiders get exactly what a missing record gives: same code, same message. */
export function notFound(entity: string, denied?: DeniedAccess): AppError {
  return new AppError("NOT_FOUND", `${entity} not found. Check the link, or ask the clinic to resend it.`, {
    reason: "not_found",
    denied,
  });
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/**
 * Translate database-level rule violations (unique constraints, the exclusion constraint
 * against double booking, the completed-session trigger) into AppErrors. Anything else is
 * returned unchanged.
 */
export function fromDatabaseError(e: unknown): unknown {
  if (isAppError(e)) return e;
  const err = e as { code?: string; message?: string; meta?: Record<string, unknown>; cause?: unknown };
  const text = `${err?.message ?? ""} ${JSON.stringify(err?.meta ?? {})} ${String((err?.cause as { message?: string })?.message ?? "")}`;
  if (text.includes("session_completed")) {
    return new AppError("PRECONDITION_FAILED", "This session is completed and can no longer be changed.", {
      reason: "session_completed",
      cause: e,
    });
  }
  if (text.includes("charge_immutable") || text.includes("payment_immutable")) {
    return new AppError("CONFLICT", "Bills are kept as records: charges can only be voided and replaced, payments never changed.", {
      reason: "billing_record_immutable",
      cause: e,
    });
  }
  if (text.includes("Consultation_clinician_no_overlap") || text.includes("23P01")) {
    return new AppError("CONFLICT", "The clinician already has a consultation at that time. Choose another time.", {
      reason: "double_booked",
      cause: e,
    });
  }
  if (err?.code === "P2002") {
    return new AppError("CONFLICT", "That already exists.", { reason: "unique_violation", cause: e });
  }
  if (err?.code === "P2025") {
    return new AppError("NOT_FOUND", "That record no longer exists.", { reason: "not_found", cause: e });
  }
  if (err?.code === "P2028") {
    // A transaction could not start or finish in time (the server is busy). It was rolled
    // back as a whole, so trying again is safe.
    return new AppError("SERVICE_UNAVAILABLE", "The server is busy and could not finish this in time. Nothing was changed: please try again in a few seconds.", {
      reason: "transaction_timeout",
      cause: e,
    });
  }
  if (err?.code === "P2034") {
    return new AppError("CONFLICT", "Someone else changed this at the same moment. Please try again.", {
      reason: "write_conflict",
      cause: e,
    });
  }
  return e;
}
