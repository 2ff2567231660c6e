// A local HTTP endpoint standing in for Resend's API (POST /emails), so the real `resend`
// SDK can be tested end to end on loopback. Like Resend, it honours the Idempotency-Key
// header: a repeated key returns the first response and delivers nothing new.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { LoopbackHttpServer } from "./loopback-http-server";

export interface StandInRequest {
  idempotencyKey: string | null;
  authorization: string | null;
  body: {
    from: string;
    to: string | string[];
    subject: string;
    html?: string;
    text?: string;
    attachments?: { filename: string; content: string; content_type?: string }[];
  };
}

export interface StandInDelivery {
  id: string;
  idempotencyKey: string | null;
  body: StandInRequest["body"];
}

/** What to do with the next request: answer normally, fail with a status, or drop the response after delivering. */
export type StandInBehaviour = "ok" | { status: number; name: string } | "deliver-then-drop";

export class ResendApiStandIn extends LoopbackHttpServer {
  readonly requests: StandInRequest[] = [];
  readonly deliveries: StandInDelivery[] = [];
  private readonly byKey = new Map<string, string>();
  /** Consulted once per request; defaults to answering normally. */
  next: () => StandInBehaviour = () => "ok";

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  deliveriesFor(key: string): StandInDelivery[] {
    return this.deliveries.filter((d) => d.idempotencyKey === key);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "POST" || req.url !== "/emails") return json(404, { name: "not_found", statusCode: 404, message: "Not found" });
    const request: StandInRequest = {
      idempotencyKey: (req.headers["idempotency-key"] as string | undefined) ?? null,
      authorization: (req.headers.authorization as string | undefined) ?? null,
      body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as StandInRequest["body"],
    };
    this.requests.push(request);
    const behaviour = this.next();
    if (typeof behaviour === "object") {
      return json(behaviour.status, { name: behaviour.name, statusCode: behaviour.status, message: "stand-in failure" });
    }
    const key = request.idempotencyKey;
    let id = key ? this.byKey.get(key) : undefined;
    if (!id) {
      id = randomUUID();
      if (key) this.byKey.set(key, id);
      this.deliveries.push({ id, idempotencyKey: key, body: request.body });
    }
    if (behaviour === "deliver-then-drop") {
      // Accepted, but the caller never hears back (a lost response).
      req.socket.destroy();
      return;
    }
    json(200, { id });
  }
}
