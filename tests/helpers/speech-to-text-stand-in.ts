// A local HTTP endpoint standing in for an OpenAI-compatible speech-to-text API
// (POST {base}/v1/audio/transcriptions, multipart/form-data, response_format=verbose_json),
// so Bedside's client is tested against the real request shape on loopback. It parses each
// request with the platform's own multipart parser (independent of the client's encoder)
// and keeps what arrived for the test to assert on.
import type { IncomingMessage, ServerResponse } from "node:http";
import { LoopbackHttpServer } from "./loopback-http-server";

export interface SpeechToTextRequest {
  method: string;
  path: string;
  authorization: string | null;
  contentType: string | null;
  contentLength: string | null;
  /** Every non-file form field, in order (repeated names kept). */
  fields: [string, string][];
  file: { fieldName: string; fileName: string; type: string; bytes: Buffer } | null;
}

export interface VerboseJson {
  task?: string;
  language?: string;
  duration?: number;
  text: string;
  segments?: { id: number; seek: number; start: number; end: number; text: string }[];
}

/** What to do with the next request: answer verbose_json, fail with a status, hang, or cut the connection. */
export type SpeechToTextBehaviour = "ok" | { status: number; body?: unknown; headers?: Record<string, string> } | "hang" | "drop";

export const SAMPLE_TRANSCRIPT: VerboseJson = {
  task: "transcribe",
  language: "english",
  duration: 7.5,
  text: " Good morning, how are you feeling today? Much better, thank you.",
  segments: [
    { id: 0, seek: 0, start: 0, end: 3.2, text: " Good morning, how are you feeling today?" },
    { id: 1, seek: 0, start: 3.6, end: 7.5, text: " Much better, thank you." },
  ],
};

export class SpeechToTextStandIn extends LoopbackHttpServer {
  readonly requests: SpeechToTextRequest[] = [];
  /** Consulted once per request. */
  next: (req: SpeechToTextRequest) => SpeechToTextBehaviour = () => "ok";
  /** The verbose_json answer for "ok". */
  answer: (req: SpeechToTextRequest) => VerboseJson = () => SAMPLE_TRANSCRIPT;
  /** Delay before answering, to hold a request in flight. */
  delayMs = 0;

  /** The base URL as TRANSCRIPTION_URL takes it (API root with /v1). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    const request: SpeechToTextRequest = {
      method: req.method ?? "",
      path: req.url ?? "",
      authorization: req.headers.authorization ?? null,
      contentType: req.headers["content-type"] ?? null,
      contentLength: req.headers["content-length"] ?? null,
      fields: [],
      file: null,
    };
    try {
      const form = await new Request("http://stand-in/", {
        method: "POST",
        headers: { "content-type": request.contentType ?? "" },
        body: Buffer.concat(chunks),
      }).formData();
      for (const [name, value] of form.entries()) {
        if (typeof value === "string") request.fields.push([name, value]);
        else request.file = { fieldName: name, fileName: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
      }
    } catch {
      // Not multipart: recorded as it is; the answer below says what OpenAI would.
    }
    this.requests.push(request);
    if (request.method !== "POST" || request.path !== "/v1/audio/transcriptions") {
      return json(404, { error: { message: `Invalid URL (${request.method} ${request.path})`, type: "invalid_request_error" } });
    }
    if (!request.file) return json(400, { error: { message: "Could not parse multipart form", type: "invalid_request_error" } });
    const behaviour = this.next(request);
    if (behaviour === "hang") return;
    if (behaviour === "drop") {
      req.socket.destroy();
      return;
    }
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (typeof behaviour === "object") {
      return json(behaviour.status, behaviour.body ?? { error: { message: "stand-in failure", type: "server_error" } }, behaviour.headers);
    }
    json(200, this.answer(request));
  }
}
