// One soketi node of a cluster, as the cluster harness runs it on its own test host:
// the Redis adapter (events and presence cross nodes through Redis pub/sub), the Redis
// rate limiter and the Redis cache, so every node enforces the same limits and answers the
// same channel state. soketi's UDP discovery is not needed with the Redis adapter and stays
// on the host's loopback as a client that never sends (see scripts/lib/soketi.ts).
//
// Every WebSocket's handshake is timed (open → `pusher:connection_established`): one that
// takes over a second is logged when it completes, one still waiting after 5 s is logged
// then, and the node prints a summary line when it stops (run.sh shows it).
//
//   SOKETI_NODE=sk-a SOKETI_HOST=10.213.0.21 SOKETI_PORT=6001 REDIS_HOST=10.213.0.11 REDIS_PORT=6379 \
//   PUSHER_APP_ID=… PUSHER_KEY=… PUSHER_SECRET=… tsx scripts/cluster/soketi-node.ts
import { createRequire } from "node:module";
import { startSoketi } from "../lib/soketi";

const need = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const handshakes = { opened: 0, established: 0, closedBefore: 0, slow: 0, maxMs: 0 };
type Ws = { sendJson(data: { event?: string }): void; id?: string };
type Handler = { onOpen(ws: Ws): void; onClose(ws: Ws, code: number, message: unknown): void };
function timeHandshakes() {
  const require = createRequire(import.meta.url);
  const soketiRequire = createRequire(require.resolve("@soketi/soketi"));
  const proto = (soketiRequire("./ws-handler") as { WsHandler: { prototype: Handler } }).WsHandler.prototype;
  const pending = new WeakMap<Ws, { at: number; timer: ReturnType<typeof setTimeout> }>();
  const onOpen = proto.onOpen;
  proto.onOpen = function (this: Handler, ws: Ws) {
    const at = Date.now();
    handshakes.opened++;
    const timer = setTimeout(() => console.error(`handshake: a connection opened ${Date.now() - at} ms ago has no connection_established yet`), 5_000);
    timer.unref();
    pending.set(ws, { at, timer });
    onOpen.call(this, ws);
    const send = ws.sendJson;
    ws.sendJson = (data) => {
      const p = pending.get(ws);
      if (p && data?.event === "pusher:connection_established") {
        pending.delete(ws);
        clearTimeout(p.timer);
        const ms = Date.now() - p.at;
        handshakes.established++;
        handshakes.maxMs = Math.max(handshakes.maxMs, ms);
        if (ms > 1_000) {
          handshakes.slow++;
          console.error(`handshake: connection_established ${ms} ms after the socket opened`);
        }
      }
      send(data);
    };
  };
  const onClose = proto.onClose;
  proto.onClose = function (this: Handler, ws: Ws, code: number, message: unknown) {
    const p = pending.get(ws);
    if (p) {
      pending.delete(ws);
      clearTimeout(p.timer);
      handshakes.closedBefore++;
      console.error(`handshake: the client closed after ${Date.now() - p.at} ms without connection_established (code ${code})`);
    }
    onClose.call(this, ws, code, message);
  };
}
timeHandshakes();

const redis = { host: need("REDIS_HOST"), port: Number(process.env.REDIS_PORT ?? 6379) };
const soketi = await startSoketi({
  host: need("SOKETI_HOST"),
  port: Number(need("SOKETI_PORT")),
  appId: need("PUSHER_APP_ID"),
  key: need("PUSHER_KEY"),
  secret: need("PUSHER_SECRET"),
  settings: {
    "database.redis.host": redis.host,
    "database.redis.port": redis.port,
    "adapter.driver": "redis",
    "adapter.redis.prefix": "bedside",
    // Named on Redis (CLIENT SETNAME), so the harness can see this node's subscription
    // before anything connects to it (scripts/cluster/engines.ts).
    "adapter.redis.redisSubOptions": { connectionName: `soketi-${need("SOKETI_NODE")}-sub` },
    "rateLimiter.driver": "redis",
    "cache.driver": "redis",
  },
});
console.log(`soketi node listening on ${soketi.host}:${soketi.port} (Redis adapter at ${redis.host}:${redis.port})`);

const stop = () => {
  const h = handshakes;
  console.log(
    `handshakes: ${h.opened} opened, ${h.established} established (max ${h.maxMs} ms, ${h.slow} over 1 s), ${h.closedBefore} closed by the client before, ${h.opened - h.established - h.closedBefore} never answered`,
  );
  void soketi.stop().finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
