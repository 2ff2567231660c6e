// Runs `scripts/simulate-vitals.ts` against the app under test, reading its JSON lines.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { readRuntime } from "../../fixtures/runtime";

const BASE_URL = `http://localhost:${process.env.E2E_PORT ?? 3100}`;

export interface SimulatedReading {
  i: number;
  postedAt: number;
  answeredAt: number;
  seq: number;
  news2: { total: number; risk: string; complete: boolean };
  alertsRaised: string[];
  values: Record<string, number | boolean | string>;
}

export interface Simulator {
  readings: SimulatedReading[];
  /** Resolves with the first reading that satisfies `predicate`. */
  waitFor(predicate: (r: SimulatedReading) => boolean, timeoutMs?: number): Promise<SimulatedReading>;
  stop(): Promise<void>;
}

export function startSimulator(args: string[]): Simulator {
  const child: ChildProcess = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/simulate-vitals.ts", "--json", "--url", BASE_URL, ...args], {
    env: { ...process.env, DATABASE_URL: readRuntime().databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const readings: SimulatedReading[] = [];
  const waiters: { predicate: (r: SimulatedReading) => boolean; resolve: (r: SimulatedReading) => void }[] = [];
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout! }).on("line", (line) => {
    let r: SimulatedReading;
    try {
      r = JSON.parse(line) as SimulatedReading;
    } catch {
      return;
    }
    readings.push(r);
    for (const w of [...waiters]) {
      if (w.predicate(r)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(r);
      }
    }
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    readings,
    waitFor(predicate, timeoutMs = 30_000) {
      const found = readings.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`simulator: no matching reading in ${timeoutMs} ms (${readings.length} sent) ${stderr}`)), timeoutMs);
        waiters.push({ predicate, resolve: (r) => (clearTimeout(timer), resolve(r)) });
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
