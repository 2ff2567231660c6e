// Stops the engines politely (run.sh then removes anything left, with the namespaces).
import { isAlive, readRuntime } from "./topology";
import { stopPostgres } from "./engines";

export default async function globalTeardown() {
  const { pids } = readRuntime();
  for (const [name, pid] of Object.entries(pids)) {
    if (name === "postgres") continue;
    if (isAlive(pid)) process.kill(pid, "SIGTERM");
  }
  try {
    stopPostgres();
  } catch {
    // already down (a spec may have stopped it)
  }
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && Object.values(pids).some(isAlive)) await new Promise((r) => setTimeout(r, 100));
}
