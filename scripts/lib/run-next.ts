// Starts `next dev` or the production server (scripts/serve.ts) with the services' environment, forwards Ctrl-C, and
// shuts the services down when Next exits. `--livekit` also runs the real LiveKit server
// (scripts/lib/livekit.ts) and uses it for video instead of peer-to-peer.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { demoAccountsText } from "../../prisma/seed/demo-clinic";
import { LiveKitBuildError } from "./livekit";
import { productionServerArgs } from "./production-server";
import { startServices } from "./services";

export async function runNext(mode: "dev" | "start", argv: string[] = process.argv.slice(2)) {
  const unknown = argv.filter((a) => a !== "--livekit");
  if (unknown.length) {
    console.error(`Unknown option ${unknown.join(" ")}. The only option is --livekit (video through a local LiveKit server).`);
    process.exit(2);
  }
  const livekit = argv.includes("--livekit");
  if (mode === "start" && !existsSync(".next/BUILD_ID")) {
    console.error("No production build found. Run `npm run build` first, then `npm start`.");
    process.exit(1);
  }
  const port = process.env.PORT ?? "3000";
  const services = await startServices({
    log: (l) => console.log(`[bedside] ${l}`),
    realtimeWebhookUrl: `http://127.0.0.1:${port}/api/webhooks/realtime`,
    ...(livekit ? { livekit: { webhookUrl: `http://127.0.0.1:${port}/api/webhooks/livekit` } } : {}),
  }).catch((error: unknown) => {
    if (!(error instanceof LiveKitBuildError)) throw error;
    console.error(error.message);
    process.exit(error.exitCode);
  });
  const env = {
    ...process.env,
    ...services.env,
    NEXT_TELEMETRY_DISABLED: "1",
    APP_URL: process.env.APP_URL ?? `http://localhost:${port}`,
    ...(mode === "start" && services.embeddedDatabase
      ? { SHOW_DEMO_ACCOUNTS: process.env.SHOW_DEMO_ACCOUNTS ?? "true", DEV_MAILBOX: process.env.DEV_MAILBOX ?? "true" }
      : {}),
  };
  // `start`: the production server (scripts/serve.ts: Next behind node:http, with the app's own
  // routes for device ingest and tRPC); `dev`: `next dev`, whose routes serve everything.
  const args =
    mode === "start"
      ? productionServerArgs({ port, hostname: "127.0.0.1" })
      : ["node_modules/next/dist/bin/next", "dev", "--port", port, "--hostname", "127.0.0.1"];
  const next = spawn(process.execPath, args, { stdio: "inherit", env });
  console.log(`\n[bedside] Bedside is starting on http://localhost:${port}`);
  if (mode === "dev") void warmUp(`http://localhost:${port}`);
  if (services.embeddedDatabase) console.log(`[bedside] ${demoAccountsText().replaceAll("\n", "\n[bedside] ")}`);
  if (!process.env.RESEND_API_KEY) console.log(`[bedside] Emails go to the local mailbox: http://localhost:${port}/dev/mailbox`);

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (next.exitCode === null) next.kill("SIGTERM");
    await services.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  next.on("exit", (code) => void shutdown(code ?? 0));
}

/**
 * `next dev` compiles a route on its first request, so the first person to open the app
 * waits for the sign-in page, then again for the auth routes when they sign in. Request them
 * in the background as soon as the server answers, so they are compiled before anyone asks.
 * Best effort: a failure here only means the first visit compiles as before.
 */
async function warmUp(baseUrl: string) {
  const started = Date.now();
  const until = started + 5 * 60_000;
  const get = async (path: string) => {
    const res = await fetch(`${baseUrl}${path}`, { redirect: "manual", signal: AbortSignal.timeout(120_000) });
    await res.arrayBuffer();
    return res.status;
  };
  while (Date.now() < until) {
    try {
      await get("/signin");
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  for (const path of ["/api/auth/csrf", "/api/auth/session", "/"]) {
    try {
      await get(path);
    } catch {
      // the first real request compiles it instead
    }
  }
  console.log(`[bedside] Sign-in page and auth routes compiled (${((Date.now() - started) / 1000).toFixed(1)} s after start)`);
}
