/**
 * tRPC setup in three sections: 1. context, 2. initialisation (error mapping),
 * 3. the procedure ladder: public → protected → patient / clinician / staff / admin.
 * Role checks live here; record-level access is the domain's job.
 */
import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import type { Role } from "@/lib/auth/session-policy";
import type { Actor } from "@/server/audit/actor";
import { recordDenied } from "@/server/audit/record-audit";
import { getSessionUser, sessionUserFromCookies, type SessionUser } from "@/server/auth/session";
import type { CookieReader } from "@/server/http/request-cookies";
import { clientIp } from "@/server/auth/signin-rate-limit";
import { db } from "@/server/db";
import { AppError, fromDatabaseError, isAppError, retryAfterOf, type AppErrorCode } from "@/server/errors";
import { errorForLog, logger } from "@/server/logger";
import { newRequestId } from "@/server/request-id";
import { transformer } from "./transformer";
import { inputPolicyIssues } from "@/lib/validation/input-policy";

// ───────────────────────────── 1. context ─────────────────────────────

export interface ContextInner {
  user: SessionUser | null;
  requestId: string;
  ip: string | null;
}

/** Context without HTTP: what integration tests pass to createCaller. */
export function createContextInner(opts: Partial<ContextInner> = {}) {
  return { db, user: opts.user ?? null, requestId: opts.requestId ?? newRequestId(), ip: opts.ip ?? null };
}

/**
 * `cookies`: the request's cookies when the request is not in Next's request scope (the
 * production server's node:http route, server/http/fast-path.ts); Next's route reads them
 * through `cookies()` in getSessionUser.
 */
export async function createTRPCContext(opts: { headers: HeaderReader; cookies?: CookieReader }) {
  const user = await (opts.cookies ? sessionUserFromCookies(opts.cookies) : getSessionUser()).catch((error: unknown) => {
    // The session lookup is the first database read: an outage answers 503, not 500.
    const mapped = fromDatabaseError(error);
    if (isAppError(mapped)) throw new TRPCError({ code: TRPC_CODE[mapped.code], message: mapped.message, cause: mapped });
    throw error;
  });
  return createContextInner({
    user,
    requestId: opts.headers.get("x-request-id") ?? newRequestId(),
    ip: clientIp(opts.headers),
  });
}

/** What the context reads of the request's headers: a fetch `Headers` or the node:http route's reader. */
export interface HeaderReader {
  get(name: string): string | null;
}

export type Context = Awaited<ReturnType<typeof createContextInner>>;

// ───────────────────────────── 2. initialisation ─────────────────────────────

const TRPC_CODE: Record<AppErrorCode, TRPCError["code"]> = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  PRECONDITION_FAILED: "PRECONDITION_FAILED",
  TOO_MANY_REQUESTS: "TOO_MANY_REQUESTS",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

interface IssueLike {
  path?: readonly (PropertyKey | { key: PropertyKey })[];
  message: string;
}

function inputIssues(cause: unknown): { path: string; message: string }[] | null {
  const issues = (cause as { issues?: IssueLike[] } | undefined)?.issues;
  if (!Array.isArray(issues)) return null;
  return issues.map((i) => ({
    path: (i.path ?? []).map((p) => String(typeof p === "object" && p !== null ? p.key : p)).join("."),
    message: i.message,
  }));
}

const t = initTRPC.context<Context>().create({
  // superjson's wire format; responses encoded by a faster walker for plain data (./transformer.ts).
  transformer,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const issues = error.code === "BAD_REQUEST" ? inputIssues(cause) : null;
    return {
      ...shape,
      message: issues ? "Some fields need attention." : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        reason: isAppError(cause) ? (cause.reason ?? null) : issues ? "invalid_input" : null,
        details: isAppError(cause) ? (cause.details ?? null) : null,
        retryAfterSeconds: isAppError(cause) ? (retryAfterOf(cause) ?? null) : null,
        issues,
      },
    };
  },
});

/**
 * `Retry-After` for a response holding 429/503 errors (the largest wait any of them asks for):
 * devices and browsers back off instead of retrying at once.
 */
export function retryAfterHeader(errors: readonly TRPCError[]): Record<string, string> {
  let seconds = 0;
  for (const error of errors) {
    const wait = isAppError(error.cause) ? retryAfterOf(error.cause) : undefined;
    if (wait) seconds = Math.max(seconds, wait);
  }
  return seconds > 0 ? { "Retry-After": String(seconds) } : {};
}

export { syncOutput } from "./sync-output";
export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

/**
 * Maps domain and database errors to tRPC codes in one place, and makes sure an
 * unexpected error is logged (ids only) and reaches the client as a generic message.
 */
const errorMapping = t.middleware(async ({ next, path, ctx }) => {
  const result = await next();
  if (result.ok) return result;
  const original = result.error.cause ?? result.error;
  if (result.error.code !== "INTERNAL_SERVER_ERROR" && !isAppError(original)) return result;
  const mapped = fromDatabaseError(original);
  if (isAppError(mapped) && mapped.denied) {
    // The refused operation's transaction has rolled back: now the refusal can be kept.
    await recordDenied(mapped.denied.actor, mapped.denied.entry);
  }
  if (isAppError(mapped)) {
    throw new TRPCError({ code: TRPC_CODE[mapped.code], message: mapped.message, cause: mapped });
  }
  logger.error({ error: errorForLog(original), path, requestId: ctx.requestId }, "rpc.unexpected_error");
  throw new TRPCError({
    code: "INTERNAL_SERVER_ERROR",
    message: `Something went wrong on our side. Please try again; if it keeps happening, contact support with reference ${ctx.requestId}.`,
    cause: new AppError("INTERNAL", "unexpected", { reason: "unexpected" }),
  });
});

/**
 * The input policy (lib/validation/input-policy.ts) on the raw input, before any schema:
 * NUL and lone surrogates in any string or key, dates out of range, absurd nesting answer
 * 400 naming the field, in every procedure, whatever its schema says. It runs after the
 * role check, so a caller without the role learns nothing about what a procedure accepts.
 */
const inputPolicy = t.middleware(async ({ next, getRawInput }) => {
  const issues = inputPolicyIssues(await getRawInput());
  if (issues.length > 0) {
    throw new TRPCError({ code: "BAD_REQUEST", message: issues[0]!.message, cause: new InputPolicyError(issues) });
  }
  return next();
});

/** Carries the policy's issues in the shape the error formatter reads from zod errors. */
class InputPolicyError extends Error {
  constructor(readonly issues: { path: (string | number)[]; message: string }[]) {
    super("input policy");
    this.name = "InputPolicyError";
  }
}

// ───────────────────────────── 3. procedures ─────────────────────────────

const baseProcedure = t.procedure.use(errorMapping);

export const publicProcedure = baseProcedure.use(inputPolicy);

const authenticatedProcedure = baseProcedure.use(({ ctx, next }) => {
  if (!ctx.user) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended. Please sign in again." });
  }
  const actor: Actor = {
    userId: ctx.user.id,
    role: ctx.user.role,
    requestId: ctx.requestId,
    ip: ctx.ip,
    scopeSessionId: ctx.user.scopeSessionId,
  };
  return next({ ctx: { ...ctx, user: ctx.user, actor } });
});

export const protectedProcedure = authenticatedProcedure.use(inputPolicy);

function roleProcedure(roles: readonly Role[]) {
  return authenticatedProcedure
    .use(async ({ ctx, next, path }) => {
      if (!roles.includes(ctx.actor.role)) {
        await recordDenied(ctx.actor, { action: `rpc.${path}`, entityType: "Procedure", metadata: { reason: "role" } });
        throw new TRPCError({ code: "FORBIDDEN", message: "Your account cannot do this." });
      }
      return next();
    })
    .use(inputPolicy);
}

export const patientProcedure = roleProcedure(["PATIENT"]);
export const clinicianProcedure = roleProcedure(["CLINICIAN"]);
export const staffProcedure = roleProcedure(["CLINICIAN", "ADMIN"]);
export const adminProcedure = roleProcedure(["ADMIN"]);
/** Anyone who can be in a video session: clinicians, patients and invited guests. */
export const participantProcedure = roleProcedure(["CLINICIAN", "PATIENT", "GUEST"]);
