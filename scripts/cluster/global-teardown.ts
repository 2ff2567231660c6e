// Stops the engines politely, those that use Redis and PostgreSQL first (soketi stops with
// an error when Redis goes before it); run.sh then removes anything left, with the namespaces.
import { isAlive, readRuntime } from "./topology";
import { stopPostgres } from "./engines";

async function stop(pids: number[], graceMs: number) {
  for (const pid of pids) if (isAlive(pid)) process.kill(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(isAlive)) await new Promise((r) => setTimeout(r, 100));
}

export default async function globalTeardown() {
  const { pids } = readRuntime();
  const last = ["redis", "postgres"];
  await stop(
    Object.entries(pids)
      .filter(([name]) => !last.includes(name))
      .map(([, pid]) => pid),
    5_000,
  );
  if (pids.redis) await stop([pids.redis], 3_000);
  if (pids.postgres) {
    try {
      stopPostgres();
    } catch {
      // already down (a spec may have stopped it)
    }
  }
}
