// One soketi node of a cluster, as the cluster harness runs it on its own test host:
// the Redis adapter (events and presence cross nodes through Redis pub/sub), the Redis
// rate limiter and the Redis cache, so every node enforces the same limits and answers the
// same channel state. soketi's UDP discovery is not needed with the Redis adapter and stays
// on the host's loopback as a client that never sends (see scripts/lib/soketi.ts).
//
//   SOKETI_HOST=10.213.0.21 SOKETI_PORT=6001 REDIS_HOST=10.213.0.11 REDIS_PORT=6379 \
//   PUSHER_APP_ID=… PUSHER_KEY=… PUSHER_SECRET=… tsx scripts/cluster/soketi-node.ts
import { startSoketi } from "../lib/soketi";

const need = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

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
    "rateLimiter.driver": "redis",
    "cache.driver": "redis",
  },
});
console.log(`soketi node listening on ${soketi.host}:${soketi.port} (Redis adapter at ${redis.host}:${redis.port})`);

const stop = () => void soketi.stop().finally(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
