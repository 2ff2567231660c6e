// The production server's node:http routes (fast-path.ts) against a real database: the same
// answers as Next's routes for device ingest and tRPC, the static security headers, and the
// requests they must hand to Next (no session, a cookie due to slide, other methods/paths).
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/env";
import { staticSecurityHeaders } from "@/lib/http/security-headers";
import { SLIDE_AFTER_MS } from "@/server/auth/session-token";
import { db } from "@/server/db";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { trpcRouteOptions } from "@/server/api/route-options";
import { createTRPCContext } from "@/server/api/trpc";
import { parseCookieHeader } from "@/server/http/request-cookies";
import { makeClinician, makeConsultation, makePatient } from "@/tests/helpers/factories";
import { makeDeviceToken, NORMAL, reading } from "@/tests/helpers/vitals";
import { createFastPath } from "./fast-path";

let server: Server;
let base: string;
const NEXT = 299; // what the stand-in for Next's handler answers

beforeAll(async () => {
  const fastPath = createFastPath({ production: true, port: 0 });
  server = createServer((req, res) => {
    void fastPath(req, res).then((answered) => {
      if (answered) return;
      req.resume();
      res.writeHead(NEXT, { "x-handled-by": "next" }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A raw HTTP request (no fetch: it could not send a broken path or a body without its length). */
function send(method: string, path: string, headers: Record<string, string>, body?: string | Buffer[]): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    if (Array.isArray(body)) for (const chunk of body) req.write(chunk);
    else if (body !== undefined) req.write(body);
    req.end();
  });
}

const json = (a: Answer) => JSON.parse(a.text) as Record<string, unknown> & { error?: { code: string; reason: string } };

function expectSecurityHeaders(a: Answer) {
  for (const { key, value } of staticSecurityHeaders(true)) expect(a.headers[key.toLowerCase()]).toBe(value);
}

async function cookieFor(user: { id: string; role: string }, lastActivityAgoMs = 0) {
  const s = await db.authSession.create({ data: { userId: user.id, method: "password", expiresAt: new Date(Date.now() + 3_600_000) } });
  const now = Date.now();
  const jwt = await encode({
    token: { uid: user.id, role: user.role as "CLINICIAN", sid: s.id, authTime: now - lastActivityAgoMs, lastActivity: now - lastActivityAgoMs },
    secret: env.AUTH_SECRET!,
    salt: "authjs.session-token",
  });
  return `authjs.session-token=${jwt}`;
}

const trpcGet = (name: string, input: unknown) => `/api/trpc/${name}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;

describe("POST /api/vitals on node:http", () => {
  it("stores a reading: 201, the request id echoed, security headers on", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    const device = await makeDeviceToken(patient.id, clinician.id);
    const a = await send(
      "POST",
      "/api/vitals",
      { "content-type": "application/json", authorization: `Bearer ${device.token}`, "x-request-id": "req-fast-1" },
      JSON.stringify(reading(NORMAL)),
    );
    expect(a.status).toBe(201);
    expect(a.headers["x-request-id"]).toBe("req-fast-1");
    expect(json(a)).toMatchObject({ patientId: patient.id, readings: [{ status: "created" }] });
    expectSecurityHeaders(a);
    expect(await db.vitalObservation.count({ where: { patientId: patient.id } })).toBe(1);
  });

  it("answers 415 without a JSON content type, 400 for broken JSON, 401 for an unknown token", async () => {
    const notJson = await send("POST", "/api/vitals", { "content-type": "text/plain" }, "{}");
    expect(notJson.status).toBe(415);
    expect(json(notJson).error).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE", reason: "not_json" });
    expectSecurityHeaders(notJson);
    const broken = await send("POST", "/api/vitals", { "content-type": "application/json" }, "{not json");
    expect(broken.status).toBe(400);
    expect(json(broken).error).toMatchObject({ code: "BAD_REQUEST", reason: "invalid_json" });
    const unknown = await send(
      "POST",
      "/api/vitals",
      { "content-type": "application/json", authorization: "Bearer bdv_nobody" },
      JSON.stringify(reading(NORMAL)),
    );
    expect(unknown.status).toBe(401);
    expect(unknown.headers["x-request-id"]).toBeTruthy();
  });

  it("refuses a body over 256 KiB with 413, by its declared length and by the bytes sent without one", async () => {
    const declared = await send("POST", "/api/vitals", { "content-type": "application/json", "content-length": String(256 * 1024 + 1) });
    expect(declared.status).toBe(413);
    expect(json(declared).error).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const streamed = await send("POST", "/api/vitals", { "content-type": "application/json", "transfer-encoding": "chunked" }, [
      chunk,
      chunk,
      chunk,
      chunk,
      chunk,
    ]);
    expect(streamed.status).toBe(413);
    expect(streamed.headers.connection).toBe("close");
  });

  it("leaves other methods and paths to Next", async () => {
    expect((await send("GET", "/api/vitals", {})).status).toBe(NEXT);
    expect((await send("POST", "/api/vitals/", { "content-type": "application/json" }, "{}")).status).toBe(NEXT);
  });
});

describe("/api/trpc on node:http", () => {
  it("answers a signed-in read with the procedure's result and the security headers", async () => {
    const clinician = await makeClinician();
    const a = await send("GET", trpcGet("consultations.upcoming", { days: 7 }), { cookie: await cookieFor(clinician) });
    expect(a.status).toBe(200);
    expect(a.headers["x-handled-by"]).toBeUndefined();
    expect(json(a)).toHaveProperty("result");
    expectSecurityHeaders(a);
  });

  it("gzips an answer over 1 KiB for a client that accepts it, as Next's server does", async () => {
    const clinician = await makeClinician();
    const calls = 80;
    const path = `/api/trpc/${Array(calls).fill("consultations.upcoming").join(",")}?batch=1&input=${encodeURIComponent(
      JSON.stringify(Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, { json: { days: 7 } }]))),
    )}`;
    const cookie = await cookieFor(clinician);
    const plain = await send("GET", path, { cookie });
    expect(plain.status).toBe(200);
    expect(plain.text.length).toBeGreaterThan(1024);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const zipped = await new Promise<{ encoding?: string; body: string }>((resolve, reject) => {
      httpRequest(`${base}${path}`, { headers: { cookie, "accept-encoding": "gzip" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ encoding: res.headers["content-encoding"], body: gunzipSync(Buffer.concat(chunks)).toString("utf8") }));
      })
        .on("error", reject)
        .end();
    });
    expect(zipped.encoding).toBe("gzip");
    expect(JSON.parse(zipped.body)).toHaveLength(calls);
  });

  it("answers a client that sends no Accept-Encoding as one accepting only identity: uncompressed, the same body and headers, Vary: Accept-Encoding", async () => {
    // Without the header the compression middleware is not run (fast-path.ts); with
    // `identity` it runs and negotiates no encoding: the answers must not differ. Every writer:
    // a read over and under 1 KiB, a tRPC error, a cross-site refusal, a broken escape, ingest.
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    await makeConsultation({ clinicianId: clinician.id, patientId: patient.id, start: new Date(Date.now() + 86_400_000) });
    const cookie = await cookieFor(clinician);
    const calls = 20;
    const batch = `/api/trpc/${Array(calls).fill("consultations.upcoming").join(",")}?batch=1&input=${encodeURIComponent(
      JSON.stringify(Object.fromEntries(Array.from({ length: calls }, (_, i) => [i, { json: { days: 7 } }]))),
    )}`;
    const cases: [string, string, Record<string, string>, string?][] = [
      ["GET", batch, { cookie }],
      ["GET", trpcGet("consultations.upcoming", { days: 7 }), { cookie }],
      ["GET", trpcGet("consultations.upcoming", { days: "seven" }), { cookie }],
      ["POST", "/api/trpc/visits.open", { cookie, origin: "https://evil.example", host: "localhost:3000", "content-type": "application/json" }, "{}"],
      ["GET", "/api/trpc/vitals.summary%E0%A4%A", { cookie }],
      ["POST", "/api/vitals", { "content-type": "text/plain" }, "{}"],
    ];
    const comparable = (a: Answer) => ({ ...a, headers: { ...a.headers, date: undefined } });
    for (const [method, path, headers, body] of cases) {
      const id = { "x-request-id": `req-enc-${method}-${path.length}` };
      const none = await send(method, path, { ...headers, ...id }, body);
      const identity = await send(method, path, { ...headers, ...id, "accept-encoding": "identity" }, body);
      expect(comparable(none), `${method} ${path.slice(0, 40)}`).toEqual(comparable(identity));
      expect(none.headers["content-encoding"]).toBeUndefined();
      expect(none.headers.vary).toMatch(/Accept-Encoding/);
    }
    const big = await send("GET", batch, { cookie });
    expect(big.text.length).toBeGreaterThan(1024);
    expect(big.headers.vary).toBe("trpc-accept, accept, Accept-Encoding");
  });

  it("writes a JSON answer in one piece with its length, reads a POST's body, and still streams a batch asked for as JSON lines", async () => {
    const clinician = await makeClinician();
    const cookie = await cookieFor(clinician);
    const read = await send("GET", trpcGet("consultations.upcoming", { days: 7 }), { cookie });
    expect(read.status).toBe(200);
    expect(read.headers["transfer-encoding"]).toBeUndefined();
    expect(Number(read.headers["content-length"])).toBe(Buffer.byteLength(read.text));
    expect(read.headers["content-type"]).toBe("application/json");

    const post = await send("POST", "/api/trpc/visits.open", { cookie, "content-type": "application/json" }, JSON.stringify({ json: { patientId: "cx" } }));
    // Without its body the input would be missing (400); with it, there is no such patient.
    expect(post.status).toBe(404);

    const batch = `/api/trpc/consultations.upcoming?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { json: { days: 7 } } }))}`;
    const streamed = await send("GET", batch, { cookie, "trpc-accept": "application/jsonl" });
    expect(streamed.status).toBe(200);
    expect(streamed.headers["transfer-encoding"]).toBe("chunked");
    expect(streamed.text.trim().split("\n").length).toBeGreaterThan(1);
  });

  it("answers a GET exactly as tRPC's own node adapter does: a result with Dates, bad input, an unknown procedure, a mutation", async () => {
    // tRPC's node:http adapter over the same router and context, the reference for status and body.
    const adapter = createServer((req, res) => {
      const url = req.url ?? "/";
      const path = url.slice("/api/trpc/".length).split("?")[0]!;
      const headers = { get: (name: string) => (req.headers[name.toLowerCase()] as string | undefined) ?? null };
      void nodeHTTPRequestHandler({
        ...trpcRouteOptions,
        req,
        res,
        path,
        createContext: () => createTRPCContext({ headers, cookies: parseCookieHeader(req.headers.cookie) }),
      });
    });
    await new Promise<void>((resolve) => adapter.listen(0, "127.0.0.1", resolve));
    const reference = `http://127.0.0.1:${(adapter.address() as AddressInfo).port}`;
    try {
      const clinician = await makeClinician();
      const { patient } = await makePatient({ clinicianIds: [clinician.id] });
      await makeConsultation({ clinicianId: clinician.id, patientId: patient.id, start: new Date(Date.now() + 3_600_000) });
      const cookie = await cookieFor(clinician);
      const paths = [
        trpcGet("consultations.upcoming", { days: 7 }),
        trpcGet("consultations.upcoming", { days: "seven" }),
        "/api/trpc/consultations.upcoming?input=%7Bnot%20json",
        trpcGet("consultations.nothing", {}),
        trpcGet("consultations.cancel", { consultationId: "x" }),
      ];
      for (const path of paths) {
        const ours = await send("GET", path, { cookie });
        const theirs = await new Promise<Answer>((resolve, reject) => {
          httpRequest(`${reference}${path}`, { headers: { cookie } }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
          })
            .on("error", reject)
            .end();
        });
        expect({ path, status: ours.status, body: json(ours) }).toEqual({ path, status: theirs.status, body: json(theirs) });
      }
      expect((json(await send("GET", paths[0]!, { cookie })) as { result: { data: { meta?: unknown } } }).result.data.meta).toBeDefined();
    } finally {
      await new Promise<void>((resolve) => adapter.close(() => resolve()));
    }
  });

  it("someone else's patient answers NOT_FOUND, exactly like a missing one", async () => {
    const clinician = await makeClinician();
    const other = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [other.id] });
    const cookie = await cookieFor(clinician);
    const theirs = await send("GET", trpcGet("vitals.summary", { patientId: patient.id }), { cookie });
    const missingId = patient.id.slice(0, -1) + (patient.id.endsWith("a") ? "b" : "a");
    const missing = await send("GET", trpcGet("vitals.summary", { patientId: missingId }), { cookie });
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    const message = (a: Answer) => (json(a).error as unknown as { message: string }).message;
    expect(message(theirs)).toBe(message(missing));
  });

  it("refuses a POST from another site's page with 403 before any work", async () => {
    const clinician = await makeClinician();
    const a = await send(
      "POST",
      "/api/trpc/visits.open",
      { cookie: await cookieFor(clinician), origin: "https://evil.example", host: "localhost:3000", "content-type": "application/json" },
      JSON.stringify({ json: { patientId: "cx" } }),
    );
    expect(a.status).toBe(403);
    expect(json(a).error).toBe("cross_site_request");
    expectSecurityHeaders(a);
  });

  it("hands Next the requests Auth.js must see: no session, a cookie due to slide", async () => {
    const clinician = await makeClinician();
    expect((await send("GET", trpcGet("consultations.upcoming", { days: 7 }), {})).status).toBe(NEXT);
    const stale = await cookieFor(clinician, SLIDE_AFTER_MS + 1_000);
    expect((await send("GET", trpcGet("consultations.upcoming", { days: 7 }), { cookie: stale })).status).toBe(NEXT);
  });

  it("answers a broken %-escape with 400, and leaves other shapes to Next", async () => {
    const clinician = await makeClinician();
    const cookie = await cookieFor(clinician);
    const broken = await send("GET", "/api/trpc/vitals.summary%E0%A4%A", { cookie });
    expect(broken.status).toBe(400);
    expect(broken.text).toContain("broken %-escape");
    expect((await send("GET", "/api/trpc/a/b", { cookie })).status).toBe(NEXT);
    expect((await send("PUT", "/api/trpc/vitals.summary", { cookie })).status).toBe(NEXT);
  });
});
