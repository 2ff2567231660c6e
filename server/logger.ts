import "server-only";
import pino from "pino";
import { env } from "@/env";

// Logs carry codes and ids only — never names, emails, readings or free text about a
// patient. Known PHI-bearing keys are redacted as a backstop, not as the main defence.
export const logger = pino({
  level: env.LOG_LEVEL,
  base: { app: "bedside" },
  redact: {
    paths: ["email", "*.email", "name", "password", "*.password", "body", "*.body", "notes", "*.notes", "token", "*.token", "patient.name", "user.name"],
    censor: "[redacted]",
  },
});

/**
 * What of an error may be logged. Database errors carry the offending row or argument values
 * in their message and meta (PHI), so only names and codes are kept; the stack stays for
 * debugging since it holds code locations, not data. An AppError's cause (the provider's own
 * error, e.g. storage refusing) is kept by the same rules, two levels deep.
 */
export function errorForLog(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err };
  const e = err as Error & { code?: unknown; clientVersion?: unknown };
  const fromDatabase = e.name.startsWith("PrismaClient") || typeof e.clientVersion === "string";
  return {
    name: e.name,
    code: typeof e.code === "string" ? e.code : undefined,
    message: fromDatabase ? undefined : e.message,
    stack: e.stack?.split("\n").slice(1, 8).join("\n"),
    cause: e.cause instanceof Error && depth < 2 ? errorForLog(e.cause, depth + 1) : undefined,
  };
}
