// Integration tests run against a real PostgreSQL (TEST_DATABASE_URL) or, without one, an
// embedded PGlite: a fresh database with every migration applied, dropped afterwards. A real
// soketi runs too, so code that publishes realtime events talks to a real server.
import type { TestProject } from "vitest/node";
import { freePort } from "../../scripts/lib/free-port";
import { startSoketi } from "../../scripts/lib/soketi";
import { provisionTestDatabase } from "../db/provision";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "postgres" | "pglite";
    pusherPort: number;
  }
}

export const TEST_PUSHER = { appId: "bedside-test", key: "bedside-test-key", secret: "bedside-test-secret" };

export default async function setup(project: TestProject) {
  const db = await provisionTestDatabase();
  const pusherPort = await freePort();
  const soketi = await startSoketi({ port: pusherPort, ...TEST_PUSHER, host: "127.0.0.1" });
  project.provide("databaseUrl", db.url);
  project.provide("databaseKind", db.kind);
  project.provide("pusherPort", pusherPort);
  return async () => {
    await soketi.stop();
    await db.teardown();
  };
}
