// `prisma generate` needs no schema engine, yet the CLI still tries to download the native
// one and fails offline. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any executable skips that
// download (see shared/ENVIRONMENT.md), so generation works on air-gapped machines too.
import { spawnSync } from "node:child_process";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
const r = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
process.exit(r.status ?? 1);
