// Sits between the real LiveKit server and the app in the end-to-end suite: every webhook
// LiveKit sends is passed to the app unchanged (same body, same signature), and logged, so
// a test can see which events the server itself sent. A test can also ask it to LOSE an
// event on purpose (answered 200, as a network or proxy failure after delivery would look
// to LiveKit), to check that the reconciler repairs what that event would have written.
//
// Control endpoints (127.0.0.1 only, like everything here):
//   POST /relay/drop    {"event":"participant_left","room":"…","identity":"…"}  lose the next match
//   GET  /relay/events?room=…   [{event, room, identity, at, dropped, status}]
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface RelayedEvent {
  event: string;
  room: string | null;
  identity: string | null;
  at: number;
  dropped: boolean;
  /** The app's answer (null when dropped). */
  status: number | null;
}

export interface DropRule {
  event: string;
  room: string;
  identity?: string;
}

export interface WebhookRelay {
  /** Where LiveKit posts (`webhook.urls`). */
  url: string;
  events: RelayedEvent[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function describe(body: string): Pick<RelayedEvent, "event" | "room" | "identity"> {
  try {
    const e = JSON.parse(body) as { event?: string; room?: { name?: string }; participant?: { identity?: string }; egressInfo?: { roomName?: string } };
    return { event: e.event ?? "unknown", room: e.room?.name ?? e.egressInfo?.roomName ?? null, identity: e.participant?.identity ?? null };
  } catch {
    return { event: "unparseable", room: null, identity: null };
  }
}

/** Relays to `target` (the app's /api/webhooks/livekit). */
export async function startWebhookRelay(opts: { target: string; port?: number }): Promise<WebhookRelay> {
  const events: RelayedEvent[] = [];
  const rules: DropRule[] = [];
  const json = (res: import("node:http").ServerResponse, status: number, payload: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(payload));
  };

  // Node ignores a handler's promise: a throw would kill the test process; answer 500 instead.
  const server: Server = createServer(
    (req, res) =>
      void (async () => {
        const url = new URL(req.url ?? "/", "http://relay");
        if (req.method === "POST" && url.pathname === "/relay/drop") {
          const rule = JSON.parse((await readBody(req)) || "{}") as Partial<DropRule>;
          if (!rule.event || !rule.room) return json(res, 400, { error: "event and room are required" });
          rules.push({ event: rule.event, room: rule.room, identity: rule.identity });
          return json(res, 200, { ok: true });
        }
        if (req.method === "GET" && url.pathname === "/relay/events") {
          const room = url.searchParams.get("room");
          return json(res, 200, room ? events.filter((e) => e.room === room) : events);
        }
        if (req.method !== "POST") return json(res, 404, { error: "not found" });

        const body = await readBody(req);
        const seen = describe(body);
        const ruleIndex = rules.findIndex((r) => r.event === seen.event && r.room === seen.room && (!r.identity || r.identity === seen.identity));
        if (ruleIndex >= 0) {
          rules.splice(ruleIndex, 1);
          events.push({ ...seen, at: Date.now(), dropped: true, status: null });
          return json(res, 200, { ok: true, lostOnPurpose: true });
        }
        try {
          const answer = await fetch(opts.target, {
            method: "POST",
            headers: { "content-type": req.headers["content-type"] ?? "application/webhook+json", authorization: req.headers.authorization ?? "" },
            body,
          });
          const text = await answer.text();
          events.push({ ...seen, at: Date.now(), dropped: false, status: answer.status });
          res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
          res.end(text);
        } catch (error) {
          events.push({ ...seen, at: Date.now(), dropped: false, status: 502 });
          json(res, 502, { error: `app unreachable: ${String(error)}` });
        }
      })().catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: String(error) }));
      }),
  );
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks/livekit`,
    events,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
