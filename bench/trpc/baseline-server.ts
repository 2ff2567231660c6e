// The bare baseline for bench/trpc/reads.ts: node:http + pg, no framework. For each read it
// runs the very SQL Bedside ran for it (captured from Prisma's query log by the bench, with
// the same parallelism), after the same session + user lookup, and answers the rows as JSON
// (gzipped when the client accepts it, as the production server does).
// Prints "ready <port>" once listening; stops on SIGTERM.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import pg from "pg";

export interface ReplayPlan {
  /** Statement groups: the statements of a group ran concurrently, groups one after the other. */
  groups: { sql: string; params: unknown[] }[][];
}

const [planFile, databaseUrl, poolSize] = process.argv.slice(2) as [string, string, string];
const plans = JSON.parse(readFileSync(planFile, "utf8")) as { session: { sql: string; params: unknown[] }; reads: Record<string, ReplayPlan> };
const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(poolSize) });

// The production server compresses what a client accepts compressed with Next's own copy of the
// compression middleware (server/http/fast-path.ts): so does this, with the same copy. The bench
// client sends no Accept-Encoding unless run with --gzip, and then neither side's answer is gzipped.
type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
const compress = (createRequire(import.meta.url)("next/dist/compiled/compression") as () => Middleware)();

const server = createServer((req, res) => {
  if (req.headers["accept-encoding"]) compress(req, res, () => {});
  const name = (req.url ?? "").split("?")[0]!.replace(/^\//, "");
  const plan = plans.reads[name];
  if (!plan) {
    res.writeHead(404).end();
    return;
  }
  void (async () => {
    const session = await pool.query(plans.session.sql, plans.session.params);
    if (!session.rows[0]) throw new Error("no session");
    const results: unknown[] = [];
    for (const group of plan.groups) {
      const answers = await Promise.all(group.map((q) => pool.query(q.sql, q.params)));
      results.push(...answers.map((a) => a.rows));
    }
    const body = JSON.stringify({ result: { data: results } });
    res.writeHead(200, { "content-type": "application/json" }).end(body);
  })().catch((error: unknown) => {
    res.writeHead(500).end(String(error));
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`ready ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
