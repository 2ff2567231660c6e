// Brings up what the app needs around it, on embedded defaults: the database (the given
// DATABASE_URL, else PGlite under .data/ — or, for the end-to-end harness, a throwaway real
// PostgreSQL cluster when the machine has the server installed), migrations, the demo clinic
// on an empty database, and the realtime server (an in-process soketi, unless Pusher is
// configured); on request, the real LiveKit server (scripts/lib/livekit.ts) for video.
// Used by `npm run dev`, `npm start` and the end-to-end test harness.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { applyMigrations } from "../db/migrate";
import { embeddedDatabaseSettings, startEmbeddedPostgres } from "./embedded-postgres";
import { startLiveKitServer } from "./livekit";
import { postgresBinDir, startThrowawayPostgres } from "./postgres-server";
import { startSoketi } from "./soketi";

export interface ServicesOptions {
  /** Where embedded data and generated local secrets live. */
  dataDir?: string;
  /** Seed the demo clinic when the database has no users. */
  seed?: boolean;
  log?: (line: string) => void;
  /** Environment to start from (defaults to process.env). */
  baseEnv?: NodeJS.ProcessEnv;
  /**
   * Run the real LiveKit server on loopback (built once with Go) and configure the app for
   * it. `webhookUrl` is the app's /api/webhooks/livekit.
   */
  livekit?: { webhookUrl: string; port?: number; udpPort?: number; apiKey?: string; apiSecret?: string };
  /** The app's /api/webhooks/realtime, for the embedded soketi's presence webhooks. */
  realtimeWebhookUrl?: string;
  /**
   * Without DATABASE_URL, run a throwaway PostgreSQL cluster (data under dataDir, removed by
   * stop()) when the machine has PostgreSQL's server binaries, else PGlite as usual. PGlite
   * runs one transaction at a time, across every app instance sharing it.
   */
  throwawayPostgres?: boolean;
}

export interface Services {
  /** Variables the app must be started with. */
  env: Record<string, string>;
  databaseUrl: string;
  /** PGlite (one transaction at a time). */
  embeddedDatabase: boolean;
  embeddedRealtime: boolean;
  seeded: boolean;
  stop(): Promise<void>;
}

const isLoopback = (host: string) => host === "127.0.0.1" || host === "localhost" || host === "::1";

/** Local secrets for the embedded setup, generated once and kept under .data/ (never committed). */
interface LocalSecrets {
  authSecret: string;
  pusherSecret: string;
  livekitSecret: string;
}
async function localSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = resolve(dataDir, "local-secrets.json");
  const fresh: LocalSecrets = {
    authSecret: randomBytes(32).toString("base64url"),
    pusherSecret: randomBytes(24).toString("base64url"),
    livekitSecret: randomBytes(32).toString("base64url"),
  };
  let stored: Partial<LocalSecrets> = {};
  try {
    stored = JSON.parse(await readFile(file, "utf8")) as Partial<LocalSecrets>;
  } catch {
    // first run
  }
  const secrets = { ...fresh, ...stored };
  // Files from before a secret existed get it added; the others keep their values.
  if (Object.keys(fresh).some((k) => !(k in stored))) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

export async function startServices(opts: ServicesOptions = {}): Promise<Services> {
  const base = opts.baseEnv ?? process.env;
  const log = opts.log ?? ((l: string) => console.log(l));
  const dataDir = resolve(opts.dataDir ?? base.BEDSIDE_DATA_DIR ?? ".data");
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };

  try {
    const secrets = await localSecrets(dataDir);
    const env: Record<string, string> = {};
    if (!base.AUTH_SECRET) env.AUTH_SECRET = secrets.authSecret;

    let databaseUrl = base.DATABASE_URL;
    const pgBin = !databaseUrl && opts.throwawayPostgres ? postgresBinDir() : null;
    const embeddedDatabase = !databaseUrl && !pgBin;
    if (pgBin) {
      const pg = await startThrowawayPostgres({ pgBin, dataDir: resolve(dataDir, "postgres"), port: Number(base.EMBEDDED_DB_PORT ?? 54329), log });
      stops.push(() => pg.stop());
      databaseUrl = pg.url;
      log(`database: throwaway ${pg.version} (${pgBin}) in ${pg.dataDir} (${databaseUrl})`);
    } else if (!databaseUrl) {
      const port = Number(base.EMBEDDED_DB_PORT ?? 54329);
      const pg = await startEmbeddedPostgres({ dataDir: resolve(dataDir, "pglite"), port, log });
      stops.push(() => pg.stop());
      databaseUrl = pg.url;
      // PGlite serves one statement at a time; a small pool avoids queueing in the socket.
      env.DATABASE_POOL_SIZE = base.DATABASE_POOL_SIZE ?? "3";
      // ...runs transactions one after another, from one backend (embedded-postgres-limits.ts).
      Object.assign(env, embeddedDatabaseSettings(base));
      log(
        `database: embedded PGlite in ${resolve(dataDir, "pglite")} (${databaseUrl})${opts.throwawayPostgres ? " — no PostgreSQL server installed (/usr/lib/postgresql/*/bin)" : ""}`,
      );
    } else {
      log("database: DATABASE_URL");
    }
    env.DATABASE_URL = databaseUrl;

    const { applied } = await applyMigrations({ url: databaseUrl, log: () => undefined });
    log(applied.length ? `migrations: applied ${applied.join(", ")}` : "migrations: up to date");

    let seeded = false;
    if (opts.seed ?? true) {
      // Imported lazily: it loads env.js, which must see the variables decided above.
      Object.assign(process.env, env);
      const { seedIfEmpty } = await import("../../prisma/seed/index");
      seeded = await seedIfEmpty(databaseUrl);
      if (seeded) log("seed: created the demo clinic");
    }

    const pusherHost = base.PUSHER_HOST ?? "127.0.0.1";
    const embeddedRealtime = !base.PUSHER_CLUSTER && isLoopback(pusherHost) && base.EMBEDDED_REALTIME !== "false";
    if (embeddedRealtime) {
      const port = Number(base.PUSHER_PORT ?? 6001);
      const appId = base.PUSHER_APP_ID ?? "bedside";
      const key = base.PUSHER_KEY ?? "bedside-key";
      const secret = base.PUSHER_SECRET ?? secrets.pusherSecret;
      const soketi = await startSoketi({ port, appId, key, secret, host: "127.0.0.1", webhookUrl: opts.realtimeWebhookUrl });
      stops.push(() => soketi.stop());
      Object.assign(env, { PUSHER_APP_ID: appId, PUSHER_KEY: key, PUSHER_SECRET: secret, PUSHER_HOST: "127.0.0.1", PUSHER_PORT: String(port) });
      log(`realtime: embedded soketi on 127.0.0.1:${port}`);
    } else {
      log(`realtime: ${base.PUSHER_CLUSTER ? `Pusher Channels (${base.PUSHER_CLUSTER})` : `${pusherHost}:${base.PUSHER_PORT ?? 6001}`}`);
    }

    if (opts.livekit) {
      if (base.LIVEKIT_URL) throw new Error("LiveKit: LIVEKIT_URL is already set; unset it to run the local LiveKit server.");
      const apiKey = opts.livekit.apiKey ?? "bedside-dev";
      const apiSecret = opts.livekit.apiSecret ?? secrets.livekitSecret;
      const port = opts.livekit.port ?? 7880;
      const livekit = await startLiveKitServer({
        port,
        udpPort: opts.livekit.udpPort ?? port + 2,
        apiKey,
        apiSecret,
        webhookUrl: opts.livekit.webhookUrl,
        dataDir: resolve(dataDir, "livekit"),
        log,
      });
      stops.push(() => livekit.stop());
      Object.assign(env, { LIVEKIT_URL: livekit.httpUrl, LIVEKIT_PUBLIC_URL: livekit.wsUrl, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret });
    }

    return { env, databaseUrl, embeddedDatabase, embeddedRealtime, seeded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
