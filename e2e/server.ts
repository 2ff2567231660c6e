// The app as the end-to-end suite sees it: a fresh database, an embedded realtime server,
// and the production build served as `npm start` serves it. Connection details for the
// fixtures go to .data/e2e/runtime.json.
//
// The database is a throwaway real PostgreSQL cluster on 127.0.0.1 when the machine has the
// server installed (/usr/lib/postgresql/*/bin, as CI installs it; run as the `postgres` user
// when we are root), stopped and removed when the suite ends; without it (a laptop), embedded
// PGlite, which runs one transaction at a time across both instances and their schedulers.
// The first log line says which (scripts/lib/services.ts).
//
// Two instances of the same build share the database and the realtime server:
// - the main one (E2E_PORT) uses the built-in peer-to-peer video (Playwright project "p2p");
// - the second (E2E_PORT + 1) uses the REAL LiveKit server (scripts/lib/livekit.ts, built
//   once with Go, on 127.0.0.1 only) for rooms, tokens, media and the webhooks the server
//   sends itself (Playwright project "livekit"). Only Egress (recording), which cannot run
//   here, is answered by a local EGRESS STAND-IN (tests/helpers/livekit-api-stand-in.ts):
//   the app's LiveKit API calls go through it, and everything but Egress is passed on to
//   the real server.
// Both run the in-process scheduler (it is safe with several instances).
// Under E2E_NEXT_MODE=dev the LiveKit pair is not started (two `next dev` servers cannot
// share a project), and the specs that need it are skipped.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { startLiveKitServer, type LiveKitServerHandle } from "../scripts/lib/livekit";
import { productionServerArgs } from "../scripts/lib/production-server";
import { startServices } from "../scripts/lib/services";
import { closeResetConnections, openClinicAroundTheClock } from "../tests/db/reset";
import { startLiveKitApiStandIn } from "../tests/helpers/livekit-api-stand-in";
import { startWebhookRelay, type WebhookRelay } from "../tests/helpers/webhook-relay";

const port = process.env.E2E_PORT ?? "3100";
// E2E_DATA_DIR: a second harness (bench/video/join.ts in its own namespace) keeps its own.
const dataDir = resolve(process.env.E2E_DATA_DIR ?? ".data/e2e");
await rm(dataDir, { recursive: true, force: true });
await mkdir(dataDir, { recursive: true });

// E2E_NEXT_MODE=dev runs the suite against `next dev` (readable stacks when debugging).
const mode = process.env.E2E_NEXT_MODE === "dev" ? "dev" : "start";
if (mode === "start" && !existsSync(".next/BUILD_ID")) {
  console.error("e2e: no production build. Run `npm run build` first (npm test does).");
  process.exit(1);
}

const baseEnv: NodeJS.ProcessEnv = {
  ...process.env,
  PUSHER_PORT: process.env.E2E_PUSHER_PORT ?? "6101",
  EMBEDDED_DB_PORT: process.env.E2E_DB_PORT ?? "54339",
};
// The browser suite always gets its own fresh database.
delete baseEnv.DATABASE_URL;
const services = await startServices({
  dataDir,
  seed: false,
  baseEnv,
  throwawayPostgres: true,
  // Presence webhooks go to the main instance (both share the database).
  realtimeWebhookUrl: `http://127.0.0.1:${port}/api/webhooks/realtime`,
  log: (l) => console.log(`[e2e] ${l}`),
});
// Whatever started is stopped when the suite ends (Playwright sends SIGTERM, see
// playwright.config.ts), when a server exits, or when the rest fails to start: the database
// last, so a throwaway PostgreSQL cluster and its files never outlive the run.
let livekitServer: LiveKitServerHandle | null = null;
let egressStandIn: Awaited<ReturnType<typeof startLiveKitApiStandIn>> | null = null;
let webhookRelay: WebhookRelay | null = null;
let next: ChildProcess | null = null;
let livekitNext: ChildProcess | null = null;
let stopping = false;
const shutdown = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  for (const child of [next, livekitNext]) if (child && child.exitCode === null) child.kill("SIGTERM");
  await egressStandIn?.close();
  await webhookRelay?.close();
  await livekitServer?.stop();
  await services.stop();
  process.exit(code);
};
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());

try {
  // Specs book "in two minutes" whatever the hour or weekday CI runs at, and bookings outside the
  // clinic's hours are refused: the suite's clinic is open around the clock (tests/db/reset.ts).
  await openClinicAroundTheClock(services.databaseUrl);
  await closeResetConnections();
  const env: NodeJS.ProcessEnv = {
    ...baseEnv,
    ...services.env,
    NODE_ENV: mode === "dev" ? "development" : "production",
    NEXT_TELEMETRY_DISABLED: "1",
    APP_URL: `http://localhost:${port}`,
    DEV_MAILBOX: "true",
    SHOW_DEMO_ACCOUNTS: "false",
    LOG_LEVEL: "warn",
    // Every test signs in from the same address; the per-account limit is what the tests check.
    SIGNIN_RATE_LIMIT_PER_IP: "100000",
  };
  // Recordings as Egress leaves them: on a volume Egress calls /data/recordings, mounted here.
  const recordings = { RECORDINGS_DIR: resolve(dataDir, "recordings"), LIVEKIT_EGRESS_RECORDINGS_DIR: "/data/recordings" };
  await mkdir(recordings.RECORDINGS_DIR, { recursive: true });
  Object.assign(env, recordings);

  const livekitPort = String(Number(port) + 1);
  const livekit = { apiKey: "e2e-livekit-key", apiSecret: "e2e-livekit-secret-0123456789abcdef" };
  if (mode === "start") {
    // LiveKit's webhooks pass through a relay that logs them and can lose one on purpose.
    webhookRelay = await startWebhookRelay({ target: `http://127.0.0.1:${livekitPort}/api/webhooks/livekit` });
    livekitServer = await startLiveKitServer({
      port: Number(process.env.E2E_LIVEKIT_PORT ?? 7890),
      udpPort: Number(process.env.E2E_LIVEKIT_UDP_PORT ?? 7892),
      ...livekit,
      webhookUrl: webhookRelay.url,
      dataDir: resolve(dataDir, "livekit"),
      log: (l) => console.log(`[e2e] ${l}`),
    });
    egressStandIn = await startLiveKitApiStandIn({ ...livekit, upstream: livekitServer.httpUrl });
  }
  const livekitEnv: NodeJS.ProcessEnv = {
    ...env,
    APP_URL: `http://localhost:${livekitPort}`,
    LIVEKIT_URL: egressStandIn?.url,
    LIVEKIT_PUBLIC_URL: livekitServer?.wsUrl,
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
  };

  await writeFile(
    resolve(dataDir, "runtime.json"),
    JSON.stringify(
      {
        databaseUrl: services.databaseUrl,
        env: services.env,
        livekit:
          livekitServer && egressStandIn
            ? {
                appUrl: `http://127.0.0.1:${livekitPort}`,
                ...livekit,
                serverUrl: livekitServer.httpUrl,
                wsUrl: livekitServer.wsUrl,
                udpPort: livekitServer.udpPort,
                serverPid: livekitServer.pid,
                webhookRelayUrl: new URL(webhookRelay!.url).origin,
                egressRecordingsDir: recordings.LIVEKIT_EGRESS_RECORDINGS_DIR,
                recordingsDir: recordings.RECORDINGS_DIR,
              }
            : null,
      },
      null,
      2,
    ),
  );

  // `start`: the production server as `npm start` runs it (scripts/lib/production-server.ts).
  const nextArgs = (p: string) =>
    mode === "start"
      ? productionServerArgs({ port: p, hostname: "127.0.0.1" })
      : ["node_modules/next/dist/bin/next", mode, "--port", p, "--hostname", "127.0.0.1"];
  // The LiveKit instance first, so it is up by the time Playwright sees the main one answer.
  livekitNext = mode === "start" ? spawn(process.execPath, nextArgs(livekitPort), { stdio: "inherit", env: livekitEnv }) : null;
  if (livekitNext) {
    livekitNext.on("exit", () => void shutdown());
    await waitUntilUp(`http://127.0.0.1:${livekitPort}/signin`, livekitNext);
  }
  next = spawn(process.execPath, nextArgs(port), { stdio: "inherit", env });
  next.on("exit", () => void shutdown());
} catch (error) {
  console.error("e2e: the harness did not start:", error);
  await shutdown(1);
}

async function waitUntilUp(url: string, child: ReturnType<typeof spawn>) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`e2e: the server for ${url} exited`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`e2e: ${url} did not answer within 2 minutes`);
}
