// The production server's own routes (scripts/serve.ts): `POST /api/vitals` and `/api/trpc/*`
// answered on node:http in the server process, before Next's request handler. Next's
// request handling and the web-API layer under it (undici Request/Headers, web streams)
// cost several times the app's own work per request (issue 16: 3.0 ms of server CPU per
// device reading against 0.9 ms for a bare node:http handler doing the same SQL and
// publish). Every check these paths get through Next holds here too, from the same code:
//
// - proxy.ts for /api/trpc: a broken %-escape answers 400; the session token is read as proxy.ts
//   reads it, and a request with no active token, or whose idle window is due to slide, or
//   whose `authorized` verdict is a response, goes to Next's handler (`false`), where proxy.ts
//   and Auth.js answer it exactly as before (and re-issue the cookie). /api/vitals is outside
//   proxy.ts's matcher. The outage page is for pages only (databaseOutageAnswer skips /api).
// - the route files' own rules: server/vitals/device-ingest-answer.ts (415, 413, 400, bodies,
//   x-request-id) and, for tRPC, the cross-site refusal, createTRPCContext and Retry-After
//   (trpcRouteOptions, the route file's own settings).
// - next.config.mjs's static security headers (lib/http/security-headers.js, one list).
// - the x-forwarded-* request headers Next sets when absent (base-server.js), which the app
//   reads (clientIp → the audit rows' ip; crossSiteOrigin).
//
// This module graph is not Next's bundle: it has its own module state. What matters is shared
// through globalThis (the Prisma client and the SQL pool — server/db.ts, one pool per process;
// the database-outage note), or is per-graph on purpose (the cookie-claims cache, the device
// token cache: a revocation made through Next's route reaches this graph within
// DEVICE_TOKEN_CACHE_TTL_MS, as it reaches another instance). The scheduler is started by
// Next's instrumentation.ts only.
import "server-only";
import { createRequire } from "node:module";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { createURL, incomingMessageToRequest, internal_exceptionHandler, nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { resolveResponse } from "@trpc/server/http";
import { releaseCompressionStream } from "next/dist/server/lib/release-compression-stream";
import type { NextRequest } from "next/server";
import { staticSecurityHeaders } from "@/lib/http/security-headers";
import { createTRPCContext, type HeaderReader } from "@/server/api/trpc";
import { trpcRouteOptions } from "@/server/api/route-options";
import { authConfig } from "@/server/auth/config";
import { readActiveSessionToken, sessionOfToken, slideDue } from "@/server/auth/session-token";
import type { HttpAnswer } from "@/server/http/error-response";
import { BROKEN_ESCAPE_MESSAGE, decodablePath } from "@/server/http/broken-escape";
import { parseCookieHeader } from "@/server/http/request-cookies";
import { crossSiteOrigin, crossSiteRefusalBody } from "@/server/http/same-origin";
import { answerDeviceIngest } from "@/server/vitals/device-ingest-answer";

// Next's server gzips every response the client accepts compressed (`compress`, on by default;
// the `compression` middleware, 1 KiB threshold, in router-server.js): so do these routes,
// with Next's own copy of it and its release of the zlib stream when the client goes away.
type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
const compression = createRequire(import.meta.url)("next/dist/compiled/compression") as (() => Middleware) & {
  /** The middleware's own test of a compressible answer (its Content-Type). */
  filter(req: IncomingMessage, res: ServerResponse): boolean;
};
// The middleware's test of a Cache-Control that forbids transforming the answer.
const NO_TRANSFORM = /(?:^|,)\s*?no-transform\s*?(?:,|$)/;

export interface FastPathOptions {
  /** Strict-Transport-Security is sent in production only (as next.config.mjs does). */
  production: boolean;
  /** The port the server listens on (x-forwarded-port, as Next sets it). */
  port: number;
}

/** Handles the request and answers true, or answers false without touching it: hand it to Next. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const TRPC_PREFIX = "/api/trpc/";

export function createFastPath(options: FastPathOptions): FastPath {
  const compress = compression();
  /**
   * Called once a request is answered here (never for one handed to Next, which compresses its
   * own). A client that sends no Accept-Encoding never gets a compressed answer, and the
   * middleware's one mark on its answer is `Vary: Accept-Encoding`, which the writers below set
   * (`varyAsCompressionWould`): its hooks (writeHead, write, end and on wrapped, the answer's
   * length measured again, the header negotiated) are not worth running for nothing. A
   * `streamed` answer is written by tRPC's adapter, not by those writers: the middleware runs
   * for it whatever the client accepts, and sets its own headers.
   */
  const answering = (req: IncomingMessage, res: ServerResponse, streamed = false) => {
    if (!streamed && req.headers["accept-encoding"] === undefined) return;
    compress(req, res, () => {});
    res.once("close", () => {
      if (!res.writableFinished) releaseCompressionStream(res);
    });
  };
  const securityHeaders = staticSecurityHeaders(options.production).map(({ key, value }) => [key, value] as const);
  const setSecurityHeaders = (res: ServerResponse) => {
    for (const [key, value] of securityHeaders) res.setHeader(key, value);
  };
  const send = (res: ServerResponse, answer: HttpAnswer, extra: Record<string, string> = {}) => {
    const body = JSON.stringify(answer.json);
    setSecurityHeaders(res);
    for (const [key, value] of Object.entries({
      "content-type": "application/json",
      "content-length": String(Buffer.byteLength(body)),
      ...answer.headers,
      ...extra,
    }))
      res.setHeader(key, value);
    varyAsCompressionWould(res);
    res.writeHead(answer.status);
    res.end(body);
  };

  return async (req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q === -1 ? url : url.slice(0, q);

    if (pathname === "/api/vitals" && req.method === "POST") {
      answering(req, res);
      forwardedHeaders(req, options.port);
      const headers = headerReader(req);
      let tooLarge = false;
      const answer = await answerDeviceIngest({
        header: (name) => headers.get(name),
        readBody: async (limit) => {
          const text = await readNodeBody(req, limit);
          tooLarge = text === null;
          return text;
        },
      });
      // The rest of a refused body is never read: close the connection rather than parse it as the next request.
      send(res, answer, tooLarge ? { connection: "close" } : {});
      return true;
    }

    // Next's route is /api/trpc/[trpc]: one segment, GET and POST (anything else: Next's answer).
    if (!pathname.startsWith(TRPC_PREFIX) || pathname.indexOf("/", TRPC_PREFIX.length) !== -1 || pathname.length === TRPC_PREFIX.length) return false;
    if (req.method !== "GET" && req.method !== "POST") return false;
    if (!decodablePath(pathname)) {
      answering(req, res);
      setSecurityHeaders(res);
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.setHeader("cache-control", "no-store");
      varyAsCompressionWould(res);
      res.writeHead(400);
      res.end(BROKEN_ESCAPE_MESSAGE);
      return true;
    }
    const cookies = parseCookieHeader(req.headers.cookie);
    const token = await readActiveSessionToken(cookies);
    // No session, or one whose idle window slides now: proxy.ts hands it to Auth.js, which re-issues the cookie.
    if (!token || slideDue(token)) return false;
    forwardedHeaders(req, options.port);
    const headers = headerReader(req);
    const nextUrl = new URL(url, `${headers.get("x-forwarded-proto") ?? "http"}://${headers.get("host") ?? "localhost"}`);
    const verdict = authConfig.callbacks.authorized({
      auth: sessionOfToken(token),
      request: { nextUrl } as unknown as NextRequest,
    });
    // A redirect or rewrite: proxy.ts reaches the same verdict and Next carries it out.
    if (verdict instanceof Response) return false;
    // A streamed batch (httpBatchStreamLink asks for it; the app's client does not) goes
    // through tRPC's node adapter, which writes the stream chunk by chunk.
    const streamed = asksForJsonLines(req);
    answering(req, res, streamed);

    // Mutations are POSTs: one sent by another site's page is refused before any work (CSRF).
    if (req.method !== "GET" && crossSiteOrigin(headers)) {
      send(res, { status: 403, headers: {}, json: crossSiteRefusalBody() });
      return true;
    }
    setSecurityHeaders(res);
    const handler = {
      ...trpcRouteOptions,
      req,
      res,
      path: pathname.slice(TRPC_PREFIX.length),
      createContext: () => createTRPCContext({ headers, cookies }),
    };
    if (streamed) await nodeHTTPRequestHandler(handler);
    else await answerTrpc(handler);
    return true;
  };
}

/**
 * tRPC's node adapter without its web-stream response path: the same Request built from the
 * IncomingMessage and the same `resolveResponse` (routing, context, middlewares, zod, error
 * shapes, responseMeta), but the JSON answer is written with one `res.end` instead of being
 * piped from the Response's ReadableStream through a WritableStream chunk by chunk, which
 * cost more CPU than encoding the answer (reads bench profile, issue 16). Errors outside
 * `resolveResponse` get the adapter's own answer (internal_exceptionHandler).
 */
/** tRPC's own test for a streamed (JSON lines) answer: `trpc-accept`, else an `accept` listing it. */
function asksForJsonLines(req: IncomingMessage): boolean {
  const trpcAccept = req.headers["trpc-accept"];
  if (trpcAccept !== undefined) return trpcAccept === "application/jsonl";
  return (req.headers.accept ?? "").split(",").some((t) => t.trim() === "application/jsonl");
}

type TrpcCall = typeof trpcRouteOptions & {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  createContext: () => ReturnType<typeof createTRPCContext>;
};

async function answerTrpc(opts: TrpcCall) {
  const { req, res } = opts;
  try {
    const request = req.method === "GET" ? getRequest(req, res) : incomingMessageToRequest(req, res, { maxBodySize: null });
    const response = await resolveResponse({
      ...opts,
      req: request,
      error: null,
      createContext: () => opts.createContext(),
    });
    res.statusCode = response.status;
    for (const [key, value] of response.headers) if (key !== "set-cookie") res.setHeader(key, value);
    const setCookies = response.headers.getSetCookie();
    if (setCookies.length > 0) res.setHeader("set-cookie", setCookies);
    varyAsCompressionWould(res);
    if (!response.body) {
      res.end();
      return;
    }
    if (response.headers.get("content-type") === "text/event-stream") {
      // A subscription's event stream (the app has none): piped as it comes.
      Readable.fromWeb(response.body as NodeReadableStream).pipe(res);
      return;
    }
    // The bytes as the Response holds them (UTF-8): no decoding to text to be encoded again.
    const body = Buffer.from(await response.arrayBuffer());
    // With its length (the compression middleware drops it when it gzips), not chunked.
    res.setHeader("content-length", body.byteLength);
    res.end(body);
  } catch (cause) {
    internal_exceptionHandler(opts)(cause);
  }
}

/**
 * A GET as resolveResponse reads it — `url`, `method`, `headers`, `signal` (a GET has no body;
 * the context is made from node's headers): incomingMessageToRequest builds a whole fetch
 * Request for it (web-IDL conversion of its init, the URL parsed again, a second AbortSignal
 * following the first, kept in a FinalizationRegistry), ~30 µs of CPU per request and its
 * garbage. The same URL (the adapter's createURL, which answers 400 for a bad one), headers
 * (as its createHeaders copies them) and abort when the client goes away before the answer.
 */
function getRequest(req: IncomingMessage, res: ServerResponse): Request {
  const url = createURL(req).href;
  const ac = new AbortController();
  const onAbort = () => {
    res.off("close", onClose);
    req.off("aborted", onAbort);
    ac.abort();
  };
  const onClose = () => {
    if (res.writableEnded) {
      req.off("aborted", onAbort);
      return;
    }
    onAbort();
  };
  res.once("close", onClose);
  req.once("aborted", onAbort);
  const headers = new Headers();
  for (const key in req.headers) {
    const value = req.headers[key];
    if (key.startsWith(":")) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    else if (value != null) headers.append(key, value);
  }
  return { url, method: "GET", headers, signal: ac.signal } as Pick<Request, "url" | "method" | "headers" | "signal"> as Request;
}

/**
 * What the compression middleware does to the headers of an answer it does not compress for a
 * client that sent no Accept-Encoding (on-headers, in its order): a compressible type without
 * `Cache-Control: no-transform` gets Accept-Encoding added to Vary (as the `vary` package
 * appends a field: once, case-insensitively, never beside `*`). Called by the writers just
 * before the head goes out; does nothing where the middleware runs (it sets Vary itself).
 */
function varyAsCompressionWould(res: ServerResponse) {
  if (res.req.headers["accept-encoding"] !== undefined) return;
  if (!compression.filter(res.req, res)) return;
  const cacheControl = res.getHeader("cache-control");
  if (cacheControl !== undefined && NO_TRANSFORM.test(String(cacheControl))) return;
  const current = res.getHeader("vary");
  const value = Array.isArray(current) ? current.join(", ") : current === undefined ? "" : String(current);
  if (value === "*") return;
  const fields = value
    .toLowerCase()
    .split(",")
    .map((f) => f.trim());
  if (fields.includes("*") || fields.includes("accept-encoding")) return;
  res.setHeader("vary", value ? `${value}, Accept-Encoding` : "Accept-Encoding");
}

/** The x-forwarded-* headers Next's server sets on every request that lacks them (base-server.js). */
function forwardedHeaders(req: IncomingMessage, port: number) {
  const h = req.headers;
  const https = h["x-forwarded-proto"] ? h["x-forwarded-proto"] === "https" : Boolean((req.socket as { encrypted?: boolean }).encrypted);
  h["x-forwarded-host"] ??= h.host;
  h["x-forwarded-port"] ??= String(port);
  h["x-forwarded-proto"] ??= https ? "https" : "http";
  h["x-forwarded-for"] ??= req.socket.remoteAddress;
}

/** `Headers.get` over node's parsed headers (repeated headers joined with ", " as fetch does). */
function headerReader(req: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const value = req.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/**
 * The body as text, or null when longer than `limit` bytes: refused by its declared length
 * before reading, else once the bytes read pass it (nothing more is read), as readBounded.
 */
export function readNodeBody(req: IncomingMessage, limit: number): Promise<string | null> {
  if (Number(req.headers["content-length"] ?? 0) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        cleanup();
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks).toString("utf8"));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error("The client closed the request before sending its body."));
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onError);
    req.once("close", onClose);
  });
}
