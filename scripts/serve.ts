// The production server: Next's request handler (`next start`'s, through Next's custom-server
// API) behind node:http, with `POST /api/vitals` and `/api/trpc/*` answered first by the
// app's own node:http routes (server/http/fast-path.ts), which skip Next's request handling
// and the web-API layer under it. Anything those routes hand back (no session, a cookie to
// slide, another method or path) goes to Next as before. Start it through
// productionServerArgs (scripts/lib/production-server.ts): it needs the server-only hook.
//
//   node --import tsx --import ./scripts/lib/server-only-hook.mjs scripts/serve.ts --port 3000 --hostname 127.0.0.1
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
// Before Next: it keeps the Date constructor Next's server wraps (server/db-timestamp.ts).
import "../server/db-timestamp";

const { values } = parseArgs({ options: { port: { type: "string", default: "3000" }, hostname: { type: "string", default: "127.0.0.1" } } });
const port = Number(values.port);
const hostname = values.hostname;
// As `next start` does, before anything reads it (env.js, Next).
(process.env as Record<string, string>).NODE_ENV = "production";

const { default: next } = await import("next");
const app = next({ dev: false, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
const { createFastPath } = await import("../server/http/fast-path");
const { env } = await import("../env");
const fastPath = createFastPath({ production: true, port });

function failed(res: ServerResponse, error: unknown) {
  console.error(`[serve] request failed: ${error instanceof Error ? error.name : "error"}`);
  if (!res.headersSent) {
    res.statusCode = 500;
    res.end();
  } else res.destroy();
}

const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  fastPath(req, res).then(
    (answered) => (answered ? undefined : handle(req, res).catch((error: unknown) => failed(res, error))),
    (error: unknown) => failed(res, error),
  );
});
// Longer than a proxy's upstream keep-alive (env.js SERVER_KEEP_ALIVE_SECONDS).
server.keepAliveTimeout = env.SERVER_KEEP_ALIVE_SECONDS * 1000;
server.listen(port, hostname, () => console.log(`[serve] ready on http://${hostname}:${port}`));

const stop = () => {
  server.close();
  void app.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 5_000).unref();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
