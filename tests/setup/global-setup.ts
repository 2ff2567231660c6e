// Integration tests run against a real PostgreSQL (TEST_DATABASE_URL) or, without one, an
// embedded PGlite: a fresh database with every migration applied, dropped afterwards.
import type { TestProject } from "vitest/node";
import { provisionTestDatabase } from "../db/provision";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const db = await provisionTestDatabase();
  project.provide("databaseUrl", db.url);
  return async () => {
    await db.teardown();
  };
}
