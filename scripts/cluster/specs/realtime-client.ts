// Node-side Pusher clients for the cluster specs: a person signed in to one app instance,
// connected to one soketi node, authorized by the app's real /api/pusher/auth.
import Pusher from "pusher-js";
import { HOSTS, PUSHER, SOKETI_PORT } from "../topology";
import { PASSWORD } from "./fixtures";

/** Signs in through Auth.js on `origin` with fetch; returns the Cookie header to send. */
export async function sessionCookie(origin: string, email: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const csrfRes = await fetch(`${origin}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${origin}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1", cookie: header() },
    body: new URLSearchParams({ email, password: PASSWORD, csrfToken, callbackUrl: "/" }),
  });
  keep(res);
  if (res.status !== 200) throw new Error(`sign-in on ${origin} answered ${res.status}`);
  return header();
}

/** A pusher-js client on soketi node `node` (or through the load balancer), authorized by the app at `origin`. */
export function realtimeClient(node: "sk-a" | "sk-b" | "lb", origin: string, cookie: string): Pusher {
  return new Pusher(PUSHER.key, {
    wsHost: HOSTS[node],
    wsPort: SOKETI_PORT,
    forceTLS: false,
    enabledTransports: ["ws"],
    disableStats: true,
    cluster: "",
    channelAuthorization: {
      endpoint: `${origin}/api/pusher/auth`,
      transport: "ajax",
      customHandler: ({ socketId, channelName }, callback) => {
        fetch(`${origin}/api/pusher/auth`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", cookie },
          body: new URLSearchParams({ socket_id: socketId, channel_name: channelName }),
        })
          .then(async (res) => {
            if (!res.ok) throw new Error(`channel auth ${res.status}`);
            callback(null, (await res.json()) as { auth: string });
          })
          .catch((error: Error) => callback(error, null));
      },
    },
  });
}

/**
 * Resolves once the client is connected. A setup step waits 45 s: when a handshake stalls
 * (the socket opens, `pusher:connection_established` never comes) pusher-js itself drops the
 * socket after ~15 s and connects again, as the product's browsers do
 * (lib/realtime/client/handshake-recovery.int.test.ts); the wait leaves room for that retry.
 * The handshake spec asserts on the first attempt with its own short timeout.
 */
export function connected(client: Pusher, timeoutMs = 45_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (client.connection.state === "connected") return resolve();
    const timer = setTimeout(() => reject(new Error(`not connected (${client.connection.state})`)), timeoutMs);
    client.connection.bind("connected", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Subscribes; the app instance authorizes private and presence channels (its first call loads the route). */
export function subscribed(client: Pusher, channelName: string, timeoutMs = 30_000) {
  const channel = client.subscribe(channelName);
  return new Promise<typeof channel>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not subscribed to ${channelName}`)), timeoutMs);
    channel.bind("pusher:subscription_succeeded", () => {
      clearTimeout(timer);
      resolve(channel);
    });
    channel.bind("pusher:subscription_error", (e: unknown) => {
      clearTimeout(timer);
      reject(new Error(`subscription to ${channelName} refused: ${JSON.stringify(e)}`));
    });
  });
}
