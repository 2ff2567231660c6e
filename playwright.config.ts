import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH, LOOPBACK_PEER_CONNECTION_ARG } from "./e2e/chromium";
import type { VideoProviderName } from "./e2e/fixtures";

// The suite drives the production build in Debian's Chromium (never a downloaded browser).
// scripts/test.sh runs it inside a loopback-only network namespace when the machine allows,
// which is also what makes WebRTC between two pages work here.
const PORT = Number(process.env.E2E_PORT ?? 3100);
export const BASE_URL = `http://localhost:${PORT}`;
// The app instance using the real LiveKit server (e2e/server.ts).
export const LIVEKIT_BASE_URL = `http://localhost:${PORT + 1}`;
const devServer = process.env.E2E_NEXT_MODE === "dev";

// Call specs run once per video provider. A spec is a call spec when it lives in
// e2e/specs/sessions/ or e2e/specs/video/, or carries the tag @call (`test(name, { tag: "@call" }, …)`);
// a spec there tagged @provider-independent (it never touches the provider) runs once.
// Playwright matches `grep` against "<project> <file path relative to testDir> <describe> <title> <tags>".
// e2e/specs/livekit/ holds what only the real server can prove: that project alone runs it.
const CALL_SPECS = [/(^|\s)(sessions|video|livekit)\/\S*\.spec\.ts\s/, /(^|\s)@call(\s|$)/];

export default defineConfig<object, { videoProvider: VideoProviderName }>({
  testDir: "e2e/specs",
  outputDir: "test-results",
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  // CI gives a failed test one more go and the list reporter names it "flaky" when the second
  // passes: two browsers with real media on two cores now and then miss a deadline that holds
  // on every other run. Locally a failure is a failure. A test that fails twice fails the run.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, LOOPBACK_PEER_CONNECTION_ARG],
    },
  },
  projects: [
    // Every spec, against the main instance (built-in peer-to-peer video).
    {
      name: "p2p",
      testIgnore: /[\\/]e2e[\\/]specs[\\/]livekit[\\/]/,
      use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: BASE_URL, videoProvider: "P2P" },
    },
    // The call specs again, against the instance using the real LiveKit server.
    ...(devServer
      ? []
      : [
          {
            name: "livekit",
            grep: CALL_SPECS,
            grepInvert: /(^|\s)@provider-independent(\s|$)/,
            use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: LIVEKIT_BASE_URL, videoProvider: "LIVEKIT" as const },
          },
        ]),
  ],
  webServer: {
    command: `npx tsx e2e/server.ts`,
    url: `${BASE_URL}/signin`,
    timeout: 180_000,
    // E2E_REUSE_SERVER=1: run specs against an `npx tsx e2e/server.ts` already running (same namespace).
    reuseExistingServer: process.env.E2E_REUSE_SERVER === "1",
    stdout: "pipe",
    stderr: "pipe",
    // SIGTERM lets the harness stop what it started (a throwaway PostgreSQL cluster, removed
    // with its files); without it Playwright kills the process group outright.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: { E2E_PORT: String(PORT) },
  },
});
