// The pusher-js subscriber for bench/vitals/ingest.ts, on its own process: subscribes to
// every bench patient's channel and notes when each reading arrives (wall clock, ms, so the
// load generator's scheduled send times can be compared). Started with fork(); prints
// "ready" when every subscription succeeded; on a "report" message sends what it received.
import { readFileSync } from "node:fs";
import Pusher from "pusher";
import PusherClient from "pusher-js";
import { patientChannel } from "../../lib/realtime/channels";

const config = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as {
  host: string;
  port: number;
  appId: string;
  key: string;
  secret: string;
  patientIds: string[];
};
const signer = new Pusher({ appId: config.appId, key: config.key, secret: config.secret, host: config.host, port: String(config.port), useTLS: false });
const client = new PusherClient(config.key, {
  cluster: "local",
  wsHost: config.host,
  wsPort: config.port,
  forceTLS: false,
  enabledTransports: ["ws"],
  channelAuthorization: {
    endpoint: "/unused",
    transport: "ajax",
    customHandler: ({ socketId, channelName }, callback) => callback(null, signer.authorizeChannel(socketId, channelName)),
  },
});
const now = () => performance.timeOrigin + performance.now();
/** "<patientId>:<seq>" → arrival; raw events by their tag. */
let received: Record<string, number> = {};
await Promise.all(
  config.patientIds.map(
    (patientId) =>
      new Promise<void>((resolve, reject) => {
        const channel = client.subscribe(patientChannel(patientId));
        channel.bind("pusher:subscription_succeeded", () => resolve());
        channel.bind("pusher:subscription_error", () => reject(new Error("subscription refused")));
        channel.bind("vitals.observation", (data: { patientId: string; seq: number }) => (received[`${data.patientId}:${data.seq}`] = now()));
        channel.bind("bench.raw", (data: { tag: string }) => (received[data.tag] = now()));
      }),
  ),
);
process.on("message", (m: { type: string }) => {
  if (m.type === "report") {
    process.send!({ type: "report", received });
    received = {};
  }
  if (m.type === "stop") {
    client.disconnect();
    process.exit(0);
  }
});
process.send!({ type: "ready" });
