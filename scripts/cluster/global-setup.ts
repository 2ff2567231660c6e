// Starts every engine on its host, applies the migrations, and records the PIDs for the
// specs. scripts/cluster/run.sh removes whatever is left when the run ends, however it ends.
// CLUSTER_ENGINES=realtime starts only Redis, the two soketi nodes and nginx (for the
// handshake spec, run alone and often while working on realtime).
import { applyMigrations } from "../db/migrate";
import { pgPaths, startApp, startEmailStandIn, startLiveKit, startNginx, startPostgres, startRedis, startSoketiNode } from "./engines";
import { DATABASE_URL, writeRuntime } from "./topology";

export default async function globalSetup() {
  const t0 = Date.now();
  const pids: Record<string, number> = {};
  const step = async (name: string, start: () => Promise<number>) => {
    const t = Date.now();
    pids[name] = await start();
    console.log(`cluster: ${name} up (${Date.now() - t} ms)`);
  };
  const { pgBin, pgData } = pgPaths();
  writeRuntime({ pids, pgBin, pgData });
  if (process.env.CLUSTER_ENGINES === "realtime") {
    await step("redis", startRedis);
    await Promise.all([step("sk-a", () => startSoketiNode("sk-a")), step("sk-b", () => startSoketiNode("sk-b"))]);
    await step("lb", startNginx);
    writeRuntime({ pids, pgBin, pgData });
    console.log(`cluster: realtime engines up in ${Date.now() - t0} ms`);
    return;
  }
  await step("postgres", () => startPostgres(true));
  await applyMigrations({ url: DATABASE_URL, log: () => undefined });
  await step("redis", startRedis);
  await step("email", startEmailStandIn);
  await Promise.all([step("sk-a", () => startSoketiNode("sk-a")), step("sk-b", () => startSoketiNode("sk-b"))]);
  await Promise.all([step("lk-a", () => startLiveKit("lk-a")), step("lk-b", () => startLiveKit("lk-b"))]);
  await Promise.all([step("app-a", () => startApp("app-a")), step("app-b", () => startApp("app-b"))]);
  await step("lb", startNginx);
  writeRuntime({ pids, pgBin, pgData });
  console.log(`cluster: all engines up in ${Date.now() - t0} ms`);
}
