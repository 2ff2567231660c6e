// `npm run db:seed`: fills an empty database with the demo clinic. Refuses to touch a
// database that already has users.
import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "../../env.js";
import { PrismaClient } from "../../server/generated/prisma/client";
import { demoAccountsText, seedDemoClinic } from "./demo-clinic";

export async function seedIfEmpty(url: string): Promise<boolean> {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) });
  try {
    if ((await db.user.count()) > 0) return false;
    // All or nothing: a half-seeded database would never be seeded again.
    await db.$transaction((tx) => seedDemoClinic(tx, { currency: env.CLINIC_CURRENCY }), { timeout: 120_000, maxWait: 30_000 });
    return true;
  } finally {
    await db.$disconnect();
  }
}


const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const url = env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set. `npm run dev` seeds the embedded database by itself; to seed another database, set DATABASE_URL.");
    process.exit(1);
  }
  const seeded = await seedIfEmpty(url);
  console.log(seeded ? `Seeded the demo clinic.\n${demoAccountsText()}` : "The database already has users; nothing seeded.");
}
