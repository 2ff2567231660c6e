// node-postgres runs one query at a time per connection. A query issued while another is
// still running is queued, pg 8 warns "Calling client.query() when the client is already
// executing a query is deprecated" (once per process, without saying where), and pg 9
// refuses it. This guard notes every such query with the SQL and stack of both queries, so
// the integration setup can fail the test that issued it (tests/setup/int-setup.ts).
// Connections in pg's pipeline mode (server/db.ts sqlTransaction) send queries back to back by
// design, and are left alone.
import pg from "pg";

export interface OverlappingQuery {
  sql: string;
  stack: string;
  runningSql: string;
  runningStack: string;
}

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;
interface ClientInternals {
  pipeline?: boolean;
  _activeQuery?: unknown;
  _queryQueue?: unknown[];
  bedsideLastQuery?: { sql: string; stack: string };
}

const found: OverlappingQuery[] = [];
const warnings: string[] = [];
const marker = Symbol.for("bedside.oneQueryPerConnectionGuard");

const sqlOf = (args: unknown[]) => {
  const first = args[0] as string | { text?: string } | undefined;
  return String(typeof first === "string" ? first : (first?.text ?? "")).slice(0, 160);
};

/** Patches pg.Client once per process (every pool and Prisma's adapter share the prototype). */
export function installOneQueryPerConnectionGuard(): void {
  const proto = pg.Client.prototype as unknown as { query: QueryFn & { [marker]?: true } };
  if (proto.query[marker]) return;
  const original = proto.query;
  const guarded = function (this: pg.Client, ...args: unknown[]) {
    const client = this as unknown as ClientInternals;
    const stack = new Error("query issued here").stack ?? "";
    if (!client.pipeline && (client._activeQuery || (client._queryQueue?.length ?? 0) > 0)) {
      found.push({ sql: sqlOf(args), stack, runningSql: client.bedsideLastQuery?.sql ?? "?", runningStack: client.bedsideLastQuery?.stack ?? "?" });
    }
    client.bedsideLastQuery = { sql: sqlOf(args), stack };
    return original.apply(this, args);
  } as QueryFn & { [marker]?: true };
  guarded[marker] = true;
  proto.query = guarded;
  // pg's own warning, in case a query reached it some way the patch above does not see.
  process.on("warning", (warning) => {
    if (warning.message.includes("already executing a query")) warnings.push(warning.stack ?? warning.message);
  });
}

/** pg's "already executing a query" warnings since the last call (it warns once per process). */
export function takePgWarnings(): string[] {
  return warnings.splice(0);
}

/** The overlapping queries seen since the last call, and forgets them. */
export function takeOverlappingQueries(): OverlappingQuery[] {
  return found.splice(0);
}

export function describeOverlaps(overlaps: OverlappingQuery[]): string {
  const first = overlaps[0];
  if (!first) return "";
  const frames = (stack: string) =>
    stack
      .split("\n")
      .slice(1, 14)
      .filter((l) => !l.includes("one-query-per-connection"))
      .join("\n");
  return (
    `${overlaps.length} quer${overlaps.length === 1 ? "y was" : "ies were"} issued on a connection already running one ` +
    `(pg warns "client.query() when the client is already executing a query"; pg 9 refuses it). First:\n` +
    `  issued: ${first.sql}\n${frames(first.stack)}\n  while running: ${first.runningSql}\n${frames(first.runningStack)}`
  );
}
