import "server-only";
import pino from "pino";
import { env } from "@/env";

// Logs carry codes and ids only — never names, emails, readings or free text about a
// patient. Known PHI-bearing keys are redacted as a backstop, not as the main defence.
export const logger = pino({
  level: env.LOG_LEVEL,
  base: { app: "bedside" },
  redact: {
    paths: ["email", "*.email", "name", "*.name", "password", "*.password", "body", "*.body", "notes", "*.notes", "token", "*.token"],
    censor: "[redacted]",
  },
});
