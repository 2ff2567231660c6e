// `npm run db:seed` needs only DATABASE_URL (README): it must run without the app's secrets.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("npm run db:seed", () => {
  it("runs with only DATABASE_URL set (no AUTH_SECRET, no PUSHER_SECRET)", () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: process.env.DATABASE_URL, NODE_ENV: "production" };
    const run = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "prisma/seed/index.ts"], { env, encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).not.toMatch(/AUTH_SECRET|Invalid environment/);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Seeded the demo clinic|already has users/);
  }, 90_000);
});
