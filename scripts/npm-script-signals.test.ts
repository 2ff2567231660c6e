import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// npm runs a script as `sh -c "<script>"` and, on SIGTERM or SIGINT, signals that shell only.
// Debian's sh does not pass the signal on to the command it started, so `npm start` written as
// `tsx scripts/start.ts` left tsx, the server and the embedded PostgreSQL and soketi running
// after npm had gone. The scripts `exec` node with tsx's loader: the shell becomes the entry
// process and the signal lands where the shutdown code listens.
const scripts = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> }).scripts;
const PROBE = "tests/fixtures/signal-probe.ts";

function runAsNpmDoes(script: string, signal: NodeJS.Signals): Promise<string> {
  return new Promise((resolve, reject) => {
    // Its own process group, so that whatever outlives the shell (the failure this test is
    // about) is ended afterwards.
    const child = spawn("sh", ["-c", script], { stdio: ["ignore", "pipe", "inherit"], detached: true });
    const endGroup = () => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // nothing left
      }
    };
    let out = "";
    let sent = false;
    const timer = setTimeout(() => {
      endGroup();
      reject(new Error(`never ready; output: ${out}`));
    }, 15_000);
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (!sent && out.includes("ready")) {
        sent = true;
        child.kill(signal);
        // Whatever the shell started must answer by itself: read its output for a moment more.
        setTimeout(() => {
          clearTimeout(timer);
          endGroup();
          resolve(out);
        }, 1_500);
      }
    });
    child.on("error", reject);
  });
}

describe("npm start / npm run dev and signals", () => {
  for (const name of ["start", "dev"] as const) {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      it(`${name}: a ${signal} npm sends its shell reaches the entry script`, async () => {
        const entry = `scripts/${name}.ts`;
        expect(scripts[name]).toContain(entry);
        const out = await runAsNpmDoes(scripts[name]!.replace(entry, PROBE), signal);
        expect(out).toContain(`got ${signal}`);
      }, 20_000);
    }
  }
});
