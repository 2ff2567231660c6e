// The one place that reads process.env. Imported by next.config.mjs, so a bad setting
// fails `next build` / `next start` with a readable message instead of a runtime surprise.
// Every setting has a working local default (the embedded setup of `npm run dev`) or says
// exactly what to set. Secrets are only ever read from the environment.
import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

// Runtime secrets are not needed to build: a Docker image is built without them.
const building = process.env.NEXT_PHASE === "phase-production-build";
const production = process.env.NODE_ENV === "production";

const bool = (fallback) =>
  z
    .enum(["true", "false", "1", "0"])
    .default(fallback ? "true" : "false")
    .transform((v) => v === "true" || v === "1");

const int = (fallback, min, max) => z.coerce.number().int().min(min).max(max).default(fallback);

const secret = (name, hint) =>
  building
    ? z.string().optional()
    : z.string({ error: `${name} is not set. ${hint}` }).min(32, `${name} must be at least 32 characters. ${hint}`);

export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

    // Set by `npm run dev` / `npm start` for the embedded database when not given.
    DATABASE_URL: z
      .string()
      .url("DATABASE_URL must be a postgresql:// URL")
      .optional(),
    DATABASE_POOL_SIZE: int(5, 1, 100),

    APP_URL: z.string().url().default("http://localhost:3000"),
    AUTH_SECRET: secret(
      "AUTH_SECRET",
      "`npm run dev` and `npm start` generate one under .data/ for the embedded setup; in production set a random value, e.g. `openssl rand -base64 32`.",
    ),
    STAFF_IDLE_TIMEOUT_MINUTES: int(15, 1, 24 * 60),
    SESSION_MAX_AGE_HOURS: int(12, 1, 24 * 30),
    MAGIC_LINK_MAX_AGE_MINUTES: int(10, 1, 60),
    SIGNIN_RATE_LIMIT_PER_EMAIL: int(5, 1, 1000),
    SIGNIN_RATE_LIMIT_PER_IP: int(30, 1, 100000),
    SIGNIN_RATE_LIMIT_WINDOW_MINUTES: int(15, 1, 24 * 60),

    // The sign-in page lists the demo accounts (embedded setups seed the demo clinic).
    SHOW_DEMO_ACCOUNTS: bool(!production),
    CLINIC_NAME: z.string().min(1).default("Bedside Demo Clinic"),
    CLINIC_CURRENCY: z.string().length(3).default("USD"),
    JOIN_WINDOW_BEFORE_MINUTES: int(10, 0, 24 * 60),
    JOIN_WINDOW_AFTER_MINUTES: int(30, 0, 24 * 60),

    // Realtime over the Pusher protocol: Pusher Channels (cluster) or a self-hosted
    // soketi (host/port). Defaults point at the embedded soketi `npm run dev` starts.
    PUSHER_APP_ID: z.string().min(1).default("bedside"),
    PUSHER_KEY: z.string().min(1).default("bedside-key"),
    PUSHER_SECRET: production && !building ? z.string().min(16, "PUSHER_SECRET must be set in production") : z.string().min(1).default("bedside-local-secret"),
    PUSHER_CLUSTER: z.string().optional(),
    PUSHER_HOST: z.string().default("127.0.0.1"),
    PUSHER_PORT: int(6001, 1, 65535),
    PUSHER_USE_TLS: bool(false),
    // What browsers connect to, when it differs from the server's view (reverse proxy).
    PUSHER_PUBLIC_HOST: z.string().optional(),
    PUSHER_PUBLIC_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    // Whether browsers use wss:// (e.g. TLS ends at a proxy in front of soketi); defaults to PUSHER_USE_TLS.
    PUSHER_PUBLIC_TLS: z.enum(["true", "false", "1", "0"]).optional().transform((v) => (v === undefined ? undefined : v === "true" || v === "1")),

    // Video: LiveKit when all three are set, else the built-in peer-to-peer provider.
    LIVEKIT_URL: z.string().url().optional(),
    LIVEKIT_API_KEY: z.string().optional(),
    LIVEKIT_API_SECRET: z.string().optional(),
    // JSON array of RTCIceServer objects for peer-to-peer calls beyond a LAN (STUN/TURN).
    ICE_SERVERS: z.string().default("[]"),
    RECORDINGS_DIR: z.string().default(".data/recordings"),
    RECORDING_RETENTION_DAYS: int(365, 1, 3650),

    // Email: Resend when RESEND_API_KEY is set, else the local /dev/mailbox.
    RESEND_API_KEY: z.string().optional(),
    RESEND_BASE_URL: z.string().url().optional(),
    // /dev/mailbox shows every queued email in the browser: for local runs without Resend only.
    DEV_MAILBOX: bool(!production),
    EMAIL_FROM: z.string().default("Bedside <no-reply@bedside.local>"),

    // Scheduler: /api/cron/tick needs this secret; the in-process ticker needs none.
    CRON_SECRET: z.string().min(16).optional(),
    SCHEDULER_IN_PROCESS: bool(true),
    ALERT_ESCALATION_MINUTES: int(5, 1, 24 * 60),
    // Vitals device API: requests per device token per minute (a batch counts once).
    VITALS_DEVICE_RATE_LIMIT_PER_MINUTE: int(600, 1, 1_000_000),

    TRANSCRIPTION_URL: z.string().url().optional(),
    TRANSCRIPTION_API_KEY: z.string().optional(),
    TRANSCRIPTION_MODEL: z.string().default("whisper-1"),
  },
  client: {},
  experimental__runtimeEnv: {},
  emptyStringAsUndefined: true,
  onValidationError: (issues) => {
    const lines = issues.map((i) => `  - ${i.path?.join(".") ?? "?"}: ${i.message}`);
    console.error(`\nBedside configuration is invalid:\n${lines.join("\n")}\n\nSee README.md → Configuration.\n`);
    throw new Error("Invalid environment configuration (see above)");
  },
});

/** Realtime, video and email providers in use, derived from the settings above. */
export const livekitConfigured = Boolean(env.LIVEKIT_URL && env.LIVEKIT_API_KEY && env.LIVEKIT_API_SECRET);
