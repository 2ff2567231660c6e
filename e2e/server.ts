// The app as the end-to-end suite sees it: a fresh embedded database and realtime server,
// and the production build served by `next start`. Connection details for the fixtures go
// to .data/e2e/runtime.json.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { startServices } from "../scripts/lib/services";

const port = process.env.E2E_PORT ?? "3100";
const dataDir = resolve(".data/e2e");
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
// The browser suite always gets its own fresh embedded database.
delete baseEnv.DATABASE_URL;
const services = await startServices({ dataDir, seed: false, baseEnv, log: (l) => console.log(`[e2e] ${l}`) });
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
await writeFile(resolve(dataDir, "runtime.json"), JSON.stringify({ databaseUrl: services.databaseUrl, env: services.env }, null, 2));

const next = spawn(process.execPath, ["node_modules/next/dist/bin/next", mode, "--port", port, "--hostname", "127.0.0.1"], { stdio: "inherit", env });
const shutdown = async () => {
  if (next.exitCode === null) next.kill("SIGTERM");
  await services.stop();
  process.exit(0);
};
process.on("SIGINT", () => void shutdown());
process.on("SIGTERM", () => void shutdown());
next.on("exit", () => void shutdown());
