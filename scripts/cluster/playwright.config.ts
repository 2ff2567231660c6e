import { defineConfig } from "@playwright/test";

// The cluster specs (npm run test:cluster → scripts/cluster/run.sh, which runs this from the
// "client" test host). One worker: the checks share one cluster and some of them break it.
export default defineConfig({
  testDir: "specs",
  outputDir: process.env.CLUSTER_OUTPUT_DIR ?? "../../test-results/cluster",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: [["list"]],
  globalSetup: "./global-setup.ts",
  globalTeardown: "./global-teardown.ts",
  use: { trace: "retain-on-failure", screenshot: "only-on-failure" },
});
