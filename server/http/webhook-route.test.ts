import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { webhookRoute } from "./webhook-route";

const rejected = Object.assign(new Error("bad signature"), { rejected: true });
const isRejected = (e: unknown) => (e as { rejected?: boolean }).rejected === true;

function route(handle: (body: string) => Promise<unknown>) {
  return webhookRoute({ name: "test", maxBytes: 16, handle: ({ body }) => handle(body), isRejected });
}
const post = (body: BodyInit, headers: Record<string, string> = {}) => new Request("http://localhost/api/webhooks/x", { method: "POST", body, headers });

describe("webhookRoute", () => {
  it("hands the body to the domain and answers its outcome", async () => {
    const res = await route(async (body) => `handled ${body}`)(post("{}"));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, outcome: "handled {}" });
  });

  it("refuses a body over the limit before the domain sees it, by declared length and by bytes read", async () => {
    let seen = 0;
    const r = route(async () => void seen++);
    expect((await r(post("x".repeat(17)))).status).toBe(413);
    // Multi-byte text: 6 characters, 18 bytes.
    expect((await r(post("é".repeat(9), { "content-length": "1" }))).status).toBe(413);
    const streamed = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 4; i++) c.enqueue(new Uint8Array(8));
        c.close();
      },
    });
    expect((await r(new Request("http://localhost/x", { method: "POST", body: streamed, duplex: "half" } as RequestInit))).status).toBe(413);
    expect(seen).toBe(0);
  });

  it("answers 401 for what the provider did not sign, and the shared mapping for the rest", async () => {
    expect((await route(async () => Promise.reject(rejected))(post("{}"))).status).toBe(401);
    const unavailable = await route(async () =>
      Promise.reject(new AppError("SERVICE_UNAVAILABLE", "The database is not responding.", { details: { retryAfterSeconds: 5 } })),
    )(post("{}"));
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get("retry-after")).toBe("5");
    const unexpected = await route(async () => Promise.reject(new Error("boom")))(post("{}", { "x-request-id": "req-1" }));
    expect(unexpected.status).toBe(500);
    expect(await unexpected.json()).toEqual({ error: "processing_failed", requestId: "req-1" });
  });
});
