// Starting (and restarting) each engine of the cluster on its host.
import { chmodSync, mkdirSync, readFileSync, appendFileSync, writeFileSync, existsSync } from "node:fs";
import { connect } from "node:net";
import { resolve } from "node:path";
import { initdbArgs, listenArgs, postgresBinDir } from "../lib/postgres-server";
import { productionServerArgs } from "../lib/production-server";
import {
  APP_PORT,
  APP_URL,
  AUTH_SECRET,
  DATABASE_URL,
  EMAIL_PORT,
  HOSTS,
  LIVEKIT,
  LIVEKIT_PORT,
  PG_PORT,
  PUBLIC,
  PUSHER,
  REDIS_PORT,
  SOKETI_PORT,
  clusterEnv,
  onHost,
  startOnHost,
  waitFor,
  type HostName,
} from "./topology";

const node = process.execPath;

export function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port, timeout: 1000 });
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("error", () => done(false));
    socket.once("timeout", () => {
      socket.destroy();
      done(false);
    });
  });
}

// ---- PostgreSQL ----------------------------------------------------------------------
export function pgPaths() {
  const pgBin = postgresBinDir();
  if (!pgBin) throw new Error("no PostgreSQL server installed (/usr/lib/postgresql/*/bin); run.sh installs it");
  return { pgBin, pgData: resolve(clusterEnv().runDir, "pg") };
}

// PostgreSQL refuses to run as root: on the host, as the `postgres` user.
const asPostgres = (command: string) => ["su", "postgres", "-s", "/bin/sh", "-c", command];

export async function startPostgres(init: boolean): Promise<number> {
  const { pgBin, pgData } = pgPaths();
  if (init) {
    mkdirSync(pgData, { recursive: true });
    onHost("db", ["chown", "postgres", pgData]);
    chmodSync(pgData, 0o700);
    onHost("db", asPostgres(`${pgBin}/initdb ${initdbArgs(pgData).join(" ")} >/dev/null`));
    appendFileSync(resolve(pgData, "pg_hba.conf"), `host all all ${HOSTS.db.replace(/\.\d+$/, ".0")}/24 trust\n`);
  }
  const log = resolve(clusterEnv().runDir, "postgres.log");
  if (!existsSync(log)) writeFileSync(log, "");
  onHost("db", ["chown", "postgres", log]);
  onHost(
    "db",
    asPostgres(
      `${pgBin}/pg_ctl -D ${pgData} -l ${log} -o "${listenArgs({ host: HOSTS.db, port: PG_PORT, socketDir: pgData }).join(" ")} -c max_connections=100" -w start >/dev/null`,
    ),
  );
  if (init) onHost("db", asPostgres(`${pgBin}/psql -h ${pgData} -p ${PG_PORT} -U postgres -qc "create database bedside"`));
  return Number(readFileSync(resolve(pgData, "postmaster.pid"), "utf8").split("\n")[0]);
}

/** Stops PostgreSQL the hard way (as a crash or a failover would): connections drop at once. */
export function stopPostgres() {
  const { pgBin, pgData } = pgPaths();
  onHost("db", asPostgres(`${pgBin}/pg_ctl -D ${pgData} -m immediate -w stop >/dev/null`));
}

// ---- Redis ---------------------------------------------------------------------------
export async function startRedis(): Promise<number> {
  const dir = resolve(clusterEnv().runDir, "redis");
  mkdirSync(dir, { recursive: true });
  const child = startOnHost("redis", "redis", [
    "redis-server",
    "--bind",
    HOSTS.redis,
    "--port",
    String(REDIS_PORT),
    "--protected-mode",
    "no",
    "--save",
    "",
    "--appendonly",
    "no",
    "--daemonize",
    "no",
    "--dir",
    dir,
  ]);
  await waitFor("redis listening", () => tcpOpen(HOSTS.redis, REDIS_PORT), 15_000);
  return child.pid!;
}

// ---- soketi --------------------------------------------------------------------------
export async function startSoketiNode(host: "sk-a" | "sk-b"): Promise<number> {
  const child = startOnHost(host, host, [node, "--import", "tsx", "scripts/cluster/soketi-node.ts"], {
    ...process.env,
    SOKETI_NODE: host,
    SOKETI_HOST: HOSTS[host],
    SOKETI_PORT: String(SOKETI_PORT),
    REDIS_HOST: HOSTS.redis,
    REDIS_PORT: String(REDIS_PORT),
    PUSHER_APP_ID: PUSHER.appId,
    PUSHER_KEY: PUSHER.key,
    PUSHER_SECRET: PUSHER.secret,
  });
  await waitFor(`soketi ${host} listening`, () => tcpOpen(HOSTS[host], SOKETI_PORT), 30_000);
  // Listening is not yet part of the cluster: soketi listens before its Redis subscriber has
  // subscribed, and an event published elsewhere meanwhile never reaches this node's
  // sockets. Ready = Redis lists this node's subscriber on the adapter's channels.
  await waitFor(`soketi ${host} subscribed on Redis`, () => soketiSubscribers().includes(host), 30_000);
  return child.pid!;
}

/** The soketi nodes whose Redis adapter subscriber is connected and subscribed (CLIENT LIST). */
export function soketiSubscribers(): string[] {
  const clients = onHost("redis", ["redis-cli", "-h", HOSTS.redis, "-p", String(REDIS_PORT), "CLIENT", "LIST"]);
  return clients
    .split("\n")
    .filter((line) => / sub=[1-9]/.test(line) && / psub=[1-9]/.test(line))
    .map((line) => /name=soketi-(\S+)-sub /.exec(line)?.[1])
    .filter((name): name is string => Boolean(name));
}

// ---- the app -------------------------------------------------------------------------
const pair = { "app-a": { soketi: "sk-a", livekit: "lk-a" }, "app-b": { soketi: "sk-b", livekit: "lk-b" } } as const;

export function appEnv(host: "app-a" | "app-b"): NodeJS.ProcessEnv {
  const { runDir } = clusterEnv();
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
    DATABASE_URL,
    DATABASE_POOL_SIZE: "10",
    AUTH_SECRET,
    APP_URL,
    // Each instance publishes to "its" soketi node; browsers reach soketi under one public
    // name (through nginx, or pinned to a node by the browser's host mapping).
    PUSHER_APP_ID: PUSHER.appId,
    PUSHER_KEY: PUSHER.key,
    PUSHER_SECRET: PUSHER.secret,
    PUSHER_HOST: HOSTS[pair[host].soketi],
    PUSHER_PORT: String(SOKETI_PORT),
    PUSHER_PUBLIC_HOST: PUBLIC.realtime,
    PUSHER_PUBLIC_PORT: String(SOKETI_PORT),
    LIVEKIT_URL: `http://${HOSTS[pair[host].livekit]}:${LIVEKIT_PORT}`,
    LIVEKIT_PUBLIC_URL: `ws://${PUBLIC.livekit}:${LIVEKIT_PORT}`,
    LIVEKIT_API_KEY: LIVEKIT.apiKey,
    LIVEKIT_API_SECRET: LIVEKIT.apiSecret,
    LIVEKIT_ROOM_DEPARTURE_TIMEOUT_SECONDS: "60",
    // Emails go to Resend's API as a stand-in on the client host serves it (hosted-only service).
    RESEND_API_KEY: "re_cluster_stand_in",
    RESEND_BASE_URL: `http://${HOSTS.client}:${EMAIL_PORT}`,
    DEV_MAILBOX: "false",
    SHOW_DEMO_ACCOUNTS: "false",
    SCHEDULER_IN_PROCESS: "true",
    SCHEDULER_TICK_SECONDS: "2",
    ALERT_ESCALATION_MINUTES: "1",
    EMAIL_RETRY_BASE_SECONDS: "2",
    SIGNIN_RATE_LIMIT_PER_IP: "100000",
    VITALS_DEVICE_RATE_LIMIT_PER_MINUTE: "100000",
    RECORDINGS_DIR: resolve(runDir, "recordings"),
  };
}

export async function startApp(host: "app-a" | "app-b"): Promise<number> {
  const child = startOnHost(host, host, [node, ...productionServerArgs({ hostname: HOSTS[host], port: APP_PORT })], appEnv(host));
  await waitFor(
    `${host} answering`,
    async () => {
      if (child.exitCode !== null) throw new Error(`${host} exited with ${child.exitCode}`);
      const res = await fetch(`http://${HOSTS[host]}:${APP_PORT}/signin`, { signal: AbortSignal.timeout(5000) });
      return res.ok;
    },
    120_000,
    300,
  );
  return child.pid!;
}

// ---- nginx ---------------------------------------------------------------------------
export async function startNginx(): Promise<number> {
  const { runDir } = clusterEnv();
  const conf = resolve(runDir, "nginx.conf");
  writeFileSync(conf, nginxConfig(runDir));
  const child = startOnHost("lb", "nginx", ["nginx", "-c", conf, "-g", "daemon off;"]);
  await waitFor("nginx listening", async () => (await tcpOpen(HOSTS.lb, APP_PORT)) && tcpOpen(HOSTS.lb, SOKETI_PORT), 15_000);
  return child.pid!;
}

/** The load balancer, as deploy/nginx.conf documents it for production (TLS aside). */
export function nginxConfig(runDir: string): string {
  return `# generated by scripts/cluster/engines.ts (see deploy/nginx.conf)
worker_processes 1;
pid ${runDir}/nginx.pid;
error_log ${runDir}/nginx-error.log warn;
user root;
events { worker_connections 1024; }
http {
  access_log ${runDir}/nginx-access.log;
  log_format upstream '$remote_addr "$request" $status upstream=$upstream_addr $request_time';
  client_body_temp_path ${runDir}/nginx-body;
  proxy_temp_path ${runDir}/nginx-proxy;
  fastcgi_temp_path ${runDir}/nginx-fastcgi;
  uwsgi_temp_path ${runDir}/nginx-uwsgi;
  scgi_temp_path ${runDir}/nginx-scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }

  upstream bedside_app {
    server ${HOSTS["app-a"]}:${APP_PORT} max_fails=1 fail_timeout=10s;
    server ${HOSTS["app-b"]}:${APP_PORT} max_fails=1 fail_timeout=10s;
    keepalive 16;
  }
  upstream bedside_realtime {
    server ${HOSTS["sk-a"]}:${SOKETI_PORT} max_fails=1 fail_timeout=10s;
    server ${HOSTS["sk-b"]}:${SOKETI_PORT} max_fails=1 fail_timeout=10s;
  }

  server {
    listen ${HOSTS.lb}:${APP_PORT};
    access_log ${runDir}/nginx-app.log upstream;
    client_max_body_size 300m;
    location / {
      proxy_pass http://bedside_app;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      # A refused or reset connection is retried on the other instance for safe methods;
      # device POSTs carry idempotency keys and are retried by the device itself.
      proxy_next_upstream error timeout http_502;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
    }
  }
  server {
    listen ${HOSTS.lb}:${SOKETI_PORT};
    access_log ${runDir}/nginx-realtime.log upstream;
    location / {
      proxy_pass http://bedside_realtime;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_connect_timeout 2s;
      proxy_read_timeout 3600s;
    }
  }
}
`;
}

// ---- LiveKit -------------------------------------------------------------------------
export async function startLiveKit(host: "lk-a" | "lk-b"): Promise<number> {
  const { runDir, livekitBin } = clusterEnv();
  const conf = resolve(runDir, `${host}.yaml`);
  writeFileSync(
    conf,
    `# generated by scripts/cluster/engines.ts (see deploy/livekit.yaml)
port: ${LIVEKIT_PORT}
bind_addresses: ["${HOSTS[host]}"]
log_level: info
rtc:
  tcp_port: 7881
  port_range_start: 50000
  port_range_end: 50100
  node_ip: ${HOSTS[host]}
  use_external_ip: false
redis:
  address: ${HOSTS.redis}:${REDIS_PORT}
keys:
  ${LIVEKIT.apiKey}: ${LIVEKIT.apiSecret}
room:
  auto_create: false
  empty_timeout: 300
  departure_timeout: 60
webhook:
  api_key: ${LIVEKIT.apiKey}
  urls:
    - http://${HOSTS.lb}:${APP_PORT}/api/webhooks/livekit
`,
  );
  const child = startOnHost(host, host, [livekitBin, "--config", conf]);
  await waitFor(`LiveKit ${host} listening`, () => tcpOpen(HOSTS[host], LIVEKIT_PORT), 30_000);
  return child.pid!;
}

// ---- the email stand-in (Resend's API, hosted-only) -----------------------------------
export async function startEmailStandIn(): Promise<number> {
  const child = startOnHost("client", "email", [node, "--import", "tsx", "scripts/cluster/email-stand-in.ts"], {
    ...process.env,
    EMAIL_HOST: HOSTS.client,
    EMAIL_PORT: String(EMAIL_PORT),
    EMAIL_FILE: resolve(clusterEnv().runDir, "emails.jsonl"),
  });
  await waitFor("email stand-in listening", () => tcpOpen(HOSTS.client, EMAIL_PORT), 20_000);
  return child.pid!;
}

export const appHosts: readonly ("app-a" | "app-b")[] = ["app-a", "app-b"];
export type { HostName };
