import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/env";
import { PrismaClient } from "@/server/generated/prisma/client";

// One client per process (Next dev reloads modules; keep it on globalThis). The app always
// speaks PostgreSQL through the same adapter, whether the server is a real PostgreSQL or
// the embedded PGlite that `npm run dev` serves over the PostgreSQL protocol.
function createClient() {
  if (!env.DATABASE_URL) {
    throw new Error(
      "DATABASE_URL is not set. Start the app with `npm run dev` or `npm start` (they start the embedded database), or set DATABASE_URL to a PostgreSQL server.",
    );
  }
  const adapter = new PrismaPg({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { bedsideDb?: PrismaClient };

export const db: PrismaClient = globalForDb.bedsideDb ?? createClient();
if (env.NODE_ENV !== "production") globalForDb.bedsideDb = db;

export type Db = PrismaClient;
/** A transaction client, as passed to `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;
