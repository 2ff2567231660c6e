// Runs soketi (a Pusher-protocol server) inside this process, for development, tests and
// benchmarks.
//
// soketi always starts UDP cluster discovery, and by default it binds 0.0.0.0:11002 and
// broadcasts a hello to 255.255.255.255 every 500 ms. Bedside's machines must send nothing
// beyond loopback, so discovery here binds 127.0.0.1, would address 127.0.0.1 only, and
// runs as a client, which never sends (only master-eligible nodes say hello). The
// always-on metrics listener gets 127.0.0.1 and an ephemeral port.
//
// One patch to soketi 1.6.1 is applied here (see skipUnlimitedConnectionCount): a new
// connection no longer waits for every other node of a Redis cluster to report its
// connection count when the app has no connection limit.

import { createRequire } from "node:module";
import { createServer } from "node:net";

export interface SoketiOptions {
  port: number;
  appId: string;
  key: string;
  secret: string;
  host?: string;
  /**
   * Where soketi posts its presence `member_removed` webhooks (signed with the app secret):
   * the app's /api/webhooks/realtime, which ends a vanished participant's connection.
   */
  webhookUrl?: string;
  /**
   * soketi settings (dot paths) that replace the single-node defaults, e.g. the Redis
   * adapter of a cluster node (scripts/cluster/). Discovery stays on loopback, client-only.
   */
  settings?: Record<string, unknown>;
}

export interface SoketiHandle {
  readonly host: string;
  readonly port: number;
  /**
   * Closes every connection and listener and stops discovery. soketi 1.6.1's memory cache
   * keeps a 1 s interval it never clears, so a script must still exit explicitly.
   */
  stop(): Promise<void>;
}

/** The slice of soketi's (untyped) Server that this module touches. */
interface SoketiServer {
  serverProcess?: unknown;
  discover?: { stop(): void };
  start(callback: () => void): Promise<void>;
  stop(): Promise<void>;
}
interface SoketiModule {
  Server: new (options: Record<string, unknown>) => SoketiServer;
  Log: { log: (message: unknown, ...styles: string[]) => void; br: () => void };
}

const START_TIMEOUT_MS = 10_000;
const LOOPBACK = "127.0.0.1";

let soketi: SoketiModule | undefined;

function loadSoketi(): SoketiModule {
  if (soketi) return soketi;
  const require = createRequire(import.meta.url);
  const entry = require.resolve("@soketi/soketi");
  // soketi loads aws-sdk v2 (for its DynamoDB and SQS drivers), which prints an
  // end-of-support notice a tick after it loads; nothing here uses it.
  createRequire(entry)("aws-sdk/lib/maintenance_mode_message").suppress = true;
  const loaded = require(entry) as SoketiModule;
  // soketi prints banners and request logs straight to the console; keep only its errors.
  loaded.Log.log = (message, ...styles) => {
    if (styles.includes("red") || styles.includes("bgRed")) console.error("[soketi]", message);
  };
  loaded.Log.br = () => {};
  releaseCacheTimer(createRequire(entry));
  skipUnlimitedConnectionCount(createRequire(entry));
  soketi = loaded;
  return loaded;
}

/**
 * soketi's in-memory cache starts a 1 s cleanup interval it never clears, which keeps any
 * process that ran soketi alive forever (a test runner never exits). Wrap the class so its
 * interval is unref'd and cleared when the cache disconnects on stop.
 */
function releaseCacheTimer(soketiRequire: NodeJS.Require) {
  type CacheCtor = new (server: unknown) => { disconnect(): Promise<void> };
  const mod = soketiRequire("./cache-managers/memory-cache-manager") as { MemoryCacheManager: CacheCtor; bedsidePatched?: true };
  if (mod.bedsidePatched) return;
  const Original = mod.MemoryCacheManager;
  mod.MemoryCacheManager = class extends Original {
    private timer: ReturnType<typeof setInterval> | undefined;
    constructor(server: unknown) {
      const realSetInterval = globalThis.setInterval;
      let captured: ReturnType<typeof setInterval> | undefined;
      globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => (captured = realSetInterval(...args))) as typeof setInterval;
      try {
        super(server);
      } finally {
        globalThis.setInterval = realSetInterval;
      }
      captured?.unref();
      this.timer = captured;
    }
    override disconnect() {
      clearInterval(this.timer);
      return super.disconnect();
    }
  };
  mod.bedsidePatched = true;
}

/**
 * soketi 1.6.1 checks the app's connection limit on every new WebSocket before it sends
 * `pusher:connection_established`, and does so by asking every node of the cluster for its
 * count (`WsHandler.checkAppConnectionLimit` → `HorizontalAdapter.getSocketsCount`: a Redis
 * `PUBSUB NUMSUB`, then a request on Redis pub/sub that resolves when every node answered or
 * after `adapter.redis.requestsTimeout`, 5 s). It asks even when the app has no limit
 * (`maxConnections: -1`, Bedside's setting), and only then looks at the limit. So one slow
 * or stalled node (a paused VM, a blocked event loop, a node that died without its Redis
 * connection closing) holds every new connection on every healthy node for up to 5 s, and a
 * Redis error in that chain is an unhandled rejection (which stops the node's process). The cluster harness measured it: a peer node stopped with SIGSTOP →
 * 5.0 s from open to `connection_established` on the healthy node, 40 ms with this patch.
 * With no limit there is nothing to count: answer at once; with a limit, count as before.
 */
function skipUnlimitedConnectionCount(soketiRequire: NodeJS.Require) {
  type Ws = { app?: { maxConnections?: unknown } };
  type Handler = { checkAppConnectionLimit(ws: Ws): Promise<boolean>; bedsidePatched?: true };
  const { WsHandler } = soketiRequire("./ws-handler") as { WsHandler: { prototype: Handler } };
  const proto = WsHandler.prototype;
  if (proto.bedsidePatched) return;
  const countAcrossNodes = proto.checkAppConnectionLimit;
  proto.checkAppConnectionLimit = function (this: Handler, ws: Ws) {
    const limit = parseInt(String(ws.app?.maxConnections), 10) || -1;
    return limit < 0 ? Promise.resolve(true) : countAcrossNodes.call(this, ws);
  };
  proto.bedsidePatched = true;
}

function settings({ port, appId, key, secret, host = LOOPBACK, webhookUrl, settings: overrides = {} }: SoketiOptions): Record<string, unknown> {
  // Keys are soketi's dot paths: a nested object would replace its defaults wholesale.
  return {
    host,
    port,
    debug: false,
    "metrics.enabled": false,
    "metrics.host": LOOPBACK,
    "metrics.port": 0,
    "cluster.address": LOOPBACK,
    "cluster.hostname": LOOPBACK,
    "cluster.unicast": LOOPBACK,
    "cluster.broadcast": LOOPBACK,
    "cluster.client": true,
    "cluster.server": false,
    // Single-node drivers: nothing else in soketi may talk to discovery or the network.
    "adapter.driver": "local",
    "rateLimiter.driver": "local",
    "queue.driver": "sync",
    "cache.driver": "memory",
    "appManager.driver": "array",
    "appManager.array.apps": [
      {
        id: appId,
        key,
        secret,
        enabled: true,
        // WebRTC signalling; which channels may carry client events is the app's rule.
        enableClientMessages: true,
        maxConnections: -1,
        maxBackendEventsPerSecond: -1,
        maxClientEventsPerSecond: -1,
        maxReadRequestsPerSecond: -1,
        // Pusher Channels' limits, so what works here works there.
        maxEventPayloadInKb: 10,
        maxEventBatchSize: 10,
        webhooks: webhookUrl ? [{ url: webhookUrl, event_types: ["member_removed"] }] : [],
      },
    ],
    shutdownGracePeriod: 0,
    ...overrides,
  };
}

/**
 * uWebSockets listens with SO_REUSEPORT, so a second soketi on a taken port starts
 * "successfully" and the kernel then splits connections between the two servers. A
 * plain listen first turns that into a clear error.
 */
function assertPortFree(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(new Error(`soketi cannot listen on ${host}:${port}: ${error.code ?? "error"}`, { cause: error })),
    );
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** Starts soketi; resolves once it accepts connections on host:port. */
export async function startSoketi(options: SoketiOptions): Promise<SoketiHandle> {
  const { Server } = loadSoketi();
  const host = options.host ?? LOOPBACK;
  await assertPortFree(host, options.port);
  const server = new Server(settings(options));

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= server.stop().then(() => {
      server.discover?.stop();
    }));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`soketi did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    void server.start(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  // soketi calls back even when listen failed; the listen socket is then missing.
  if (!server.serverProcess) {
    await stop();
    throw new Error(`soketi could not listen on ${host}:${options.port} (port in use?)`);
  }
  return { host, port: options.port, stop };
}
