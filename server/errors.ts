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

// The production build holds one copy of this module per server bundle (route handlers,
// the tRPC route, instrumentation's scheduler), and providers cached on globalThis throw
// errors made by whichever copy created them. So identity is a brand from the global
// symbol registry, checked structurally, never `instanceof`.
const APP_ERROR_BRAND = Symbol.for("bedside.AppError");

export class AppError extends Error {
  readonly [APP_ERROR_BRAND] = true;
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

  /** Seconds a client should wait before retrying (429/503), when the error says so. */
  get retryAfterSeconds(): number | undefined {
    return retryAfterOf(this);
  }
}

/** Outsiders get exactly what a missing record gives: same code, same message. */
export function notFound(entity: string, denied?: DeniedAccess): AppError {
  return new AppError("NOT_FOUND", `${entity} not found. Check the link, or ask the clinic to resend it.`, {
    reason: "not_found",
    denied,
  });
}

/** True for an AppError from any copy of this module (see APP_ERROR_BRAND). */
export function isAppError(e: unknown): e is AppError {
  if (typeof e !== "object" || e === null) return false;
  const candidate = e as { [APP_ERROR_BRAND]?: unknown; code?: unknown };
  return candidate[APP_ERROR_BRAND] === true && typeof candidate.code === "string" && Object.hasOwn(APP_ERROR_CODES, candidate.code);
}

/** The HTTP status for an AppError from any bundle (works without its prototype's getters). */
export function appErrorStatus(e: AppError): number {
  return APP_ERROR_CODES[e.code];
}

/** Default wait for 503s that do not name one: long enough for a pool or a restart to recover. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

export function retryAfterOf(e: AppError): number | undefined {
  const explicit = (e.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof explicit === "number" && Number.isFinite(explicit) && explicit > 0) return Math.ceil(explicit);
  if (e.code === "SERVICE_UNAVAILABLE") return DEFAULT_RETRY_AFTER_SECONDS;
  return undefined;
}

/**
 * Translate database-level rule violations (unique constraints, the exclusion constraint
 * against double booking, the completed-session trigger) into AppErrors. Anything else is
 * returned unchanged.
 */
export function fromDatabaseError(e: unknown): unknown {
  if (isAppError(e)) return e;
  const code = (e as { code?: unknown } | null)?.code;
  if (e instanceof Error && e.name === "StatementTimeoutError") {
    // The database did not answer at all (server/db.ts); whether a write landed is unknown,
    // and the app's writes are safe to repeat (idempotency keys, unique rules).
    return new AppError("SERVICE_UNAVAILABLE", "The database did not answer in time. Please try again in a few seconds.", {
      reason: "database_no_answer",
      details: { retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS },
      cause: e,
    });
  }
  // P2028: a transaction could not start or finish in time (the server is busy); 57014: a
  // statement ran past its time and PostgreSQL cancelled it (server/db.ts). Either was rolled
  // back as a whole, so trying again is safe.
  if (code === "P2028" || code === "57014") {
    return new AppError(
      "SERVICE_UNAVAILABLE",
      "The database is busy and could not finish this in time. Nothing was changed: please try again in a few seconds.",
      {
        reason: "transaction_timeout",
        details: { retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS },
        cause: e,
      },
    );
  }
  if (isDatabaseUnavailable(e)) {
    return new AppError("SERVICE_UNAVAILABLE", "Bedside cannot reach its database right now. Please try again in a few seconds.", {
      reason: "database_unavailable",
      details: { retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS },
      cause: e,
    });
  }
  const pgCode = postgresCode(e);
  if (pgCode && VALUE_REJECTED_BY_DATABASE.has(pgCode)) {
    // The input policy (lib/validation/input-policy.ts) keeps these out; this is the net behind it.
    return new AppError("BAD_REQUEST", "A value in the request cannot be stored (a character or number out of range). Check the fields and try again.", {
      reason: "invalid_value",
      cause: e,
    });
  }
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
  if (err?.code === "P2034") {
    return new AppError("CONFLICT", "Someone else changed this at the same moment. Please try again.", {
      reason: "write_conflict",
      cause: e,
    });
  }
  return e;
}

// Prisma codes for "cannot reach / cannot get a connection in time" (P1001 unreachable,
// P1002 timed out, P1008 operation timed out, P1017 server closed the connection, P2024
// pool timeout, P2028 could not start a transaction in time).
const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2028"]);
// Driver adapter kinds with the same meaning.
const UNAVAILABLE_ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TransactionAlreadyClosed"]);
// PostgreSQL SQLSTATEs: connection exceptions (08…), shutting down / starting up (57P01–57P03),
// too many connections (53300).
const UNAVAILABLE_PG_CODES = /^(08...|57P0[1-3]|53300)$/;
// Socket-level errors from node-postgres when the server is gone.
const UNAVAILABLE_NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Can't reach database server|Client has encountered a connection error/i;

// Values PostgreSQL refuses: NUL / bad encoding (22021, 22P05), datetime or number out of range (22008, 22003, 22007).
const VALUE_REJECTED_BY_DATABASE = new Set(["22021", "22P05", "22008", "22003", "22007", "54000"]);

interface ErrorLike {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: ErrorLike } };
  cause?: unknown;
}

function errorChain(e: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = e;
  while (typeof current === "object" && current !== null && chain.length < 5) {
    const item = current as ErrorLike;
    chain.push(item);
    const adapterCause = item.meta?.driverAdapterError?.cause;
    if (adapterCause) chain.push(adapterCause);
    current = item.cause;
  }
  return chain;
}

function postgresCode(e: unknown): string | undefined {
  for (const item of errorChain(e)) {
    const code = item.originalCode ?? item.code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith("P")) return code;
  }
  return undefined;
}

/**
 * PostgreSQL ended the transaction to let another one through: a deadlock victim (40P01) or a
 * serialization failure (40001), which Prisma reports as P2034. Nothing of it was kept, and the
 * same work run again meets the other transaction's outcome (server/db.ts retryWriteConflicts).
 */
export function isWriteConflict(e: unknown): boolean {
  if (errorChain(e).some((item) => item.code === "P2034")) return true;
  const pg = postgresCode(e);
  return pg === "40P01" || pg === "40001";
}

/** The database could not be reached or gave no connection in time: a 503, worth retrying. */
export function isDatabaseUnavailable(e: unknown): boolean {
  for (const item of errorChain(e)) {
    if (typeof item.code === "string" && (UNAVAILABLE_PRISMA_CODES.has(item.code) || UNAVAILABLE_NODE_CODES.has(item.code))) return true;
    if (typeof item.kind === "string" && UNAVAILABLE_ADAPTER_KINDS.has(item.kind)) return true;
    const pg = item.originalCode ?? item.code;
    if (typeof pg === "string" && UNAVAILABLE_PG_CODES.test(pg)) return true;
    if (typeof item.message === "string" && UNAVAILABLE_MESSAGE.test(item.message)) return true;
  }
  return false;
}
