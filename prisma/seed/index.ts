// `npm run db:seed`: fills an empty database with the demo clinic. Refuses to touch a
// database that already has users.
//
// It needs only DATABASE_URL (and optionally CLINIC_CURRENCY), so it does not load env.js,
// which insists on the app's secrets (AUTH_SECRET, …) that seeding never uses.
import { z } from "zod";
import { createPgAdapter } from "../../server/db-adapter";
import { PrismaClient } from "../../server/generated/prisma/client";
import { demoAccountsText, seedDemoClinic } from "./demo-clinic";

const seedEnv = z
  .object({
    DATABASE_URL: z.string().url("DATABASE_URL must be a postgresql:// URL").optional(),
    CLINIC_CURRENCY: z.string().length(3, "CLINIC_CURRENCY must be a 3-letter code, e.g. USD").default("USD"),
  })
  // The seed is a command-line tool: its two settings come straight from its environment.
  .parse({ DATABASE_URL: process.env.DATABASE_URL || undefined, CLINIC_CURRENCY: process.env.CLINIC_CURRENCY || undefined });

export async function seedIfEmpty(url: string, { currency = seedEnv.CLINIC_CURRENCY }: { currency?: string } = {}): Promise<boolean> {
  const db = new PrismaClient({ adapter: createPgAdapter({ connectionString: url, max: 2 }) });
  try {
    if ((await db.user.count()) > 0) return false;
    // All or nothing: a half-seeded database would never be seeded again.
    await db.$transaction((tx) => seedDemoClinic(tx, { currency }), { timeout: 120_000, maxWait: 30_000 });
    return true;
  } finally {
    await db.$disconnect();
  }
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const url = seedEnv.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set. `npm run dev` seeds the embedded database by itself; to seed another database, set DATABASE_URL.");
    process.exit(1);
  }
  const seeded = await seedIfEmpty(url);
  console.log(seeded ? `Seeded the demo clinic.\n${demoAccountsText()}` : "The database already has users; nothing seeded.");
}
