// How every production server is started — `npm start`, the e2e harness, the benches, the
// cluster suite and deploy/Dockerfile (which spells out the same command) — so that tests and
// benches measure the product: scripts/serve.ts under tsx, with the production Node flags
// (node-flags.ts) and the server-only hook (server-only-hook.mjs). Paths are relative to the
// repository root, the working directory of every caller.
import { NEXT_START_NODE_FLAGS } from "./node-flags";

export const SERVE_ENTRY = "scripts/serve.ts";

export function productionServerArgs(opts: { port: number | string; hostname: string; nodeFlags?: readonly string[] }): string[] {
  return [
    ...(opts.nodeFlags ?? NEXT_START_NODE_FLAGS),
    "--import",
    "tsx",
    "--import",
    "./scripts/lib/server-only-hook.mjs",
    SERVE_ENTRY,
    "--port",
    String(opts.port),
    "--hostname",
    opts.hostname,
  ];
}
