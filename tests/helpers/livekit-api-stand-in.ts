// A local HTTP endpoint STANDING IN FOR LIVEKIT'S TWIRP API. livekit-server-sdk speaks
// Twirp: JSON over HTTP POST to /twirp/livekit.<Service>/<Method> with a Bearer JWT. This
// records every call with the grants of its token and answers like LiveKit does, so unit
// tests check what the real SDK sends without a media server.
//
// With `upstream` (the end-to-end suite) it is an EGRESS STAND-IN only: Egress (recording)
// needs GStreamer and Chrome in its own image and cannot run here, so Egress calls are
// answered here and every other call is passed to the real LiveKit server at `upstream`.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { TokenVerifier, type ClaimGrants } from "livekit-server-sdk";

export interface TwirpCall {
  service: string;
  method: string;
  body: Record<string, unknown>;
  grants: ClaimGrants;
}

export class TwirpFailure {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly msg: string,
  ) {}
}

type Handler = (body: Record<string, unknown>, call: TwirpCall) => unknown | Promise<unknown>;

export interface LiveKitApiStandIn {
  url: string;
  calls: TwirpCall[];
  /** Calls of one `Service/Method`, e.g. "Egress/StartEgress". */
  callsTo(route: string): TwirpCall[];
  /** Replace the answer for one `Service/Method` (a TwirpFailure answers with an error). */
  on(route: string, handler: Handler): void;
  close(): Promise<void>;
}

let egressCounter = 0;

function defaults(): Map<string, Handler> {
  return new Map<string, Handler>([
    [
      "RoomService/CreateRoom",
      (b) => ({ sid: "RM_standin", name: b.name, emptyTimeout: b.emptyTimeout, departureTimeout: b.departureTimeout, maxParticipants: b.maxParticipants }),
    ],
    ["RoomService/DeleteRoom", () => ({})],
    ["RoomService/RemoveParticipant", () => ({})],
    ["RoomService/ListRooms", () => ({ rooms: [] })],
    ["RoomService/ListParticipants", () => ({ participants: [] })],
    ["Egress/StartEgress", (b) => ({ egressId: `EG_standin${++egressCounter}`, roomName: b.roomName, status: "EGRESS_STARTING" })],
    ["Egress/StartParticipantEgress", (b) => ({ egressId: `EG_standin${++egressCounter}`, roomName: b.roomName, status: "EGRESS_STARTING" })],
    ["Egress/StopEgress", (b) => ({ egressId: b.egressId, status: "EGRESS_ENDING" })],
    ["Egress/ListEgress", () => ({ items: [] })],
  ]);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function forward(upstream: string, req: IncomingMessage, body: string): Promise<{ status: number; contentType: string; text: string }> {
  const res = await fetch(`${upstream}${req.url ?? ""}`, {
    method: "POST",
    headers: { "content-type": req.headers["content-type"] ?? "application/json", authorization: req.headers.authorization ?? "" },
    body,
  });
  return { status: res.status, contentType: res.headers.get("content-type") ?? "application/json", text: await res.text() };
}

export async function startLiveKitApiStandIn(opts: {
  apiKey: string;
  apiSecret: string;
  port?: number;
  /** The real LiveKit server: every call but Egress goes there (and is not recorded in `calls`). */
  upstream?: string;
}): Promise<LiveKitApiStandIn> {
  const verifier = new TokenVerifier(opts.apiKey, opts.apiSecret);
  const handlers = defaults();
  const calls: TwirpCall[] = [];

  // Node ignores a handler's promise: a throw would kill the test process; answer 500 instead.
  const server: Server = createServer(
    (req, res) =>
      void (async () => {
        const reply = (status: number, payload: unknown) => {
          res.writeHead(status, { "content-type": "application/json" });
          res.end(JSON.stringify(payload));
        };
        const match = /^\/twirp\/livekit\.(\w+)\/(\w+)$/.exec(req.url ?? "");
        if (req.method !== "POST" || !match) return reply(404, { code: "bad_route", msg: "no such route" });
        const [, service, method] = match as unknown as [string, string, string];
        if (opts.upstream && service !== "Egress") {
          const raw = await readBody(req);
          try {
            const answer = await forward(opts.upstream, req, raw);
            res.writeHead(answer.status, { "content-type": answer.contentType });
            return res.end(answer.text);
          } catch (error) {
            return reply(502, { code: "unavailable", msg: `LiveKit server unreachable: ${String(error)}` });
          }
        }
        let grants: ClaimGrants;
        try {
          grants = await verifier.verify((req.headers.authorization ?? "").replace(/^Bearer /, ""));
        } catch {
          return reply(401, { code: "unauthenticated", msg: "invalid token" });
        }
        const body = JSON.parse((await readBody(req)) || "{}") as Record<string, unknown>;
        const call = { service, method, body, grants };
        const handler = handlers.get(`${service}/${method}`);
        if (!handler) return reply(404, { code: "bad_route", msg: `no handler for ${service}/${method}` });
        calls.push(call);
        try {
          const result = await handler(body, call);
          if (result instanceof TwirpFailure) return reply(result.status, { code: result.code, msg: result.msg });
          return reply(200, result);
        } catch (error) {
          return reply(500, { code: "internal", msg: String(error) });
        }
      })().catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: String(error) }));
      }),
  );
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    callsTo: (route) => calls.filter((c) => `${c.service}/${c.method}` === route),
    on: (route, handler) => void handlers.set(route, handler),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
