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
  building ? z.string().optional() : z.string({ error: `${name} is not set. ${hint}` }).min(32, `${name} must be at least 32 characters. ${hint}`);

export const env = createEnv({
  server: {
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

    // Set by `npm run dev` / `npm start` for the embedded database when not given.
    DATABASE_URL: z.string().url("DATABASE_URL must be a postgresql:// URL").optional(),
    // Prisma's pool.
    DATABASE_POOL_SIZE: int(5, 1, 100),
    // The device ingest path's own pool (server/db.ts sqlTransaction); twice DATABASE_POOL_SIZE
    // when unset. A reading holds its connection for one round trip, so connections mostly wait
    // on the app's event loop, not on PostgreSQL: more of them carry more readings at once.
    DATABASE_INGEST_POOL_SIZE: z.coerce.number().int().min(1).max(200).optional(),
    // How long one of that pool's connections stays open unused (node-postgres closes them after
    // 10 s by default): a burst after a lull otherwise opens them all again, each a new backend
    // with cold caches and its statements to prepare again.
    DATABASE_INGEST_POOL_IDLE_SECONDS: int(300, 1, 86_400),
    // How long the production server (scripts/serve.ts) keeps an idle client connection open.
    // Node closes it after 5 s; a proxy in front keeps its upstream connections longer (nginx
    // 60 s, deploy/nginx.conf), and one it reuses just as Node closes it fails the request. A
    // device posting every few seconds also reconnects on every post at 5 s.
    SERVER_KEEP_ALIVE_SECONDS: int(65, 1, 3_600),
    // The device write's statements run prepared (server/db.ts). `npm run dev` and the tests
    // turn it off for the embedded database, which serves every connection from one backend.
    DATABASE_PREPARED_STATEMENTS: bool(true),
    // How long a transaction may wait to begin, and then run (Prisma's defaults: 2 s, 5 s).
    // The embedded database runs transactions one after another, so there a burst of
    // concurrent requests waits its turn: `npm run dev` and the tests raise both for it.
    DATABASE_TRANSACTION_MAX_WAIT_MS: int(2_000, 100, 120_000),
    DATABASE_TRANSACTION_TIMEOUT_MS: int(5_000, 1_000, 120_000),

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
    PUSHER_PUBLIC_TLS: z
      .enum(["true", "false", "1", "0"])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === "true" || v === "1")),

    // Video: LiveKit when all three are set, else the built-in peer-to-peer provider.
    // LIVEKIT_URL is what the app server uses for LiveKit's API (ws(s):// or http(s)://).
    LIVEKIT_URL: z.string().url().optional(),
    LIVEKIT_API_KEY: z.string().optional(),
    LIVEKIT_API_SECRET: z.string().optional(),
    // What browsers connect to, when it differs from LIVEKIT_URL (e.g. an internal hostname).
    LIVEKIT_PUBLIC_URL: z.string().url().optional(),
    // Join tokens live at most 10 minutes; LiveKit refreshes them for connected participants.
    LIVEKIT_TOKEN_TTL_SECONDS: int(600, 30, 600),
    // A room made at session start closes if nobody joins within this time...
    LIVEKIT_ROOM_EMPTY_TIMEOUT_SECONDS: int(900, 10, 24 * 60 * 60),
    // ...or this long after the last participant left (LiveKit then reports room_finished).
    LIVEKIT_ROOM_DEPARTURE_TIMEOUT_SECONDS: int(300, 0, 24 * 60 * 60),
    // JSON array of RTCIceServer objects for peer-to-peer calls beyond a LAN (STUN/TURN).
    ICE_SERVERS: z
      .string()
      .default("[]")
      .transform((text, ctx) => {
        try {
          return JSON.parse(text);
        } catch {
          ctx.addIssue({
            code: "custom",
            message: 'ICE_SERVERS must be a JSON array, e.g. [{"urls":"turn:turn.example.org:3478","username":"u","credential":"p"}]',
          });
          return z.NEVER;
        }
      })
      .pipe(
        z.array(
          z.object({
            urls: z.union([
              z.string().regex(/^(stun|stuns|turn|turns):/, "ICE server URLs start with stun:, stuns:, turn: or turns:"),
              z.array(z.string().regex(/^(stun|stuns|turn|turns):/)).min(1),
            ]),
            username: z.string().optional(),
            credential: z.string().optional(),
          }),
          { error: "ICE_SERVERS must be a JSON array of {urls, username?, credential?}" },
        ),
      ),
    RECORDINGS_DIR: z.string().default(".data/recordings"),
    // Where LiveKit Egress writes recordings when no S3 bucket is set: a directory on the
    // Egress host. Mount the same volume there and at RECORDINGS_DIR (deploy/docker-compose.yml).
    LIVEKIT_EGRESS_RECORDINGS_DIR: z.string().optional(),
    // S3-compatible storage for recordings (AWS, MinIO, Ceph...). Set the bucket to use it.
    RECORDINGS_S3_BUCKET: z.string().optional(),
    RECORDINGS_S3_ENDPOINT: z.string().url().optional(),
    RECORDINGS_S3_REGION: z.string().default("us-east-1"),
    RECORDINGS_S3_ACCESS_KEY: z.string().optional(),
    RECORDINGS_S3_SECRET: z.string().optional(),
    RECORDINGS_S3_FORCE_PATH_STYLE: bool(true),
    RECORDING_RETENTION_DAYS: int(365, 1, 3650),

    // Email: Resend when RESEND_API_KEY is set, else the local /dev/mailbox.
    RESEND_API_KEY: z.string().optional(),
    RESEND_BASE_URL: z.string().url().optional(),
    // /dev/mailbox shows every queued email in the browser: for local runs without Resend only.
    DEV_MAILBOX: bool(!production),
    EMAIL_FROM: z.string().default("Bedside <no-reply@bedside.local>"),
    // Outbox delivery: attempts before a message is marked FAILED (admins can retry it), the
    // first retry delay (doubling each time, capped at an hour) and the provider timeout.
    EMAIL_MAX_ATTEMPTS: int(10, 1, 100),
    EMAIL_RETRY_BASE_SECONDS: int(30, 1, 3600),
    EMAIL_SEND_TIMEOUT_SECONDS: int(20, 1, 300),

    // Scheduler: /api/cron/tick needs this secret; the in-process ticker needs none.
    CRON_SECRET: z.string().min(16).optional(),
    SCHEDULER_IN_PROCESS: bool(true),
    // How often the in-process ticker looks for due jobs (each job has its own interval).
    SCHEDULER_TICK_SECONDS: int(5, 1, 3600),
    ALERT_ESCALATION_MINUTES: int(5, 1, 24 * 60),
    // An acknowledged NEWS2 alert raises again when the score rises by this much (besides a
    // rise into a higher RCP band or a new parameter scoring 3).
    ALERT_NEWS2_REALERT_RISE: int(3, 1, 20),
    // Vitals device API: requests per device token per minute (a batch counts once).
    VITALS_DEVICE_RATE_LIMIT_PER_MINUTE: int(600, 1, 1_000_000),

    // Transcription: any OpenAI-compatible speech-to-text API (OpenAI, speaches, LocalAI).
    // The URL is the API root including its version, e.g. https://api.openai.com/v1; Bedside
    // posts to {TRANSCRIPTION_URL}/audio/transcriptions. Unset: recordings are not transcribed.
    TRANSCRIPTION_URL: z.string().url().optional(),
    TRANSCRIPTION_API_KEY: z.string().optional(),
    TRANSCRIPTION_MODEL: z.string().default("whisper-1"),
    // One request (upload and answer); a long recording on a CPU-only server can take minutes.
    TRANSCRIPTION_TIMEOUT_SECONDS: int(900, 10, 4 * 3600),
    // Tries before a transcript is FAILED (admins can retry it); the first retry delay doubles each time, at most 6 hours.
    TRANSCRIPTION_MAX_ATTEMPTS: int(5, 1, 50),
    TRANSCRIPTION_RETRY_BASE_SECONDS: int(60, 1, 86400),
    // Files larger than this fail at once instead of being uploaded (OpenAI's own API takes 25 MB). Unset: no limit.
    TRANSCRIPTION_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(100_000).optional(),
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
export const transcriptionConfigured = Boolean(env.TRANSCRIPTION_URL);
