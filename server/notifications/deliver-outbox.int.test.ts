import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { env } from "@/env";
import { db } from "@/server/db";
import { createResendProvider } from "@/server/integrations/email/resend";
import { resetDatabase } from "@/tests/db/reset";
import { ResendApiStandIn } from "@/tests/helpers/resend-stand-in";
import { deliverOutbox } from "./deliver-outbox";
import { enqueueEmail } from "./enqueue-email";

const noJitter = { baseMs: 30_000, maxMs: 3_600_000, jitter: 0 };
let api: ResendApiStandIn;

beforeEach(async () => {
  await resetDatabase(env.DATABASE_URL!);
  api = new ResendApiStandIn();
  await api.start();
});
afterEach(async () => {
  await api.stop();
});

/** The real `resend` SDK, pointed at the stand-in for Resend's API. */
const resend = () => createResendProvider({ apiKey: "re_test_key", baseUrl: api.url, timeoutMs: 2_000 });

async function queue(n: number, tag = "m") {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { id } = await enqueueEmail(db, {
      to: `patient-${tag}-${i}@int.test`,
      template: "consultation-reminder",
      props: {
        clinicName: "Test Clinic",
        recipientName: `Patient ${i}`,
        clinicianName: "Dr Test",
        startsAt: "2031-01-14T15:30:00.000Z",
        timeZone: "Europe/Berlin",
        joinUrl: `http://localhost:3000/join/token-${tag}-${i}`,
        lead: "15m",
      },
    });
    ids.push(id);
  }
  return ids;
}

/** Run the worker at successive instants, far enough apart for any backoff to have elapsed. */
async function runUntilQuiet(start: Date, rounds: number, provider = resend()) {
  let now = start;
  for (let i = 0; i < rounds; i++) {
    await deliverOutbox({ now, provider, backoff: noJitter });
    now = new Date(now.getTime() + 2 * 3_600_000);
  }
  return now;
}

describe("outbox delivery through the resend SDK", () => {
  it("delivers each message exactly once, keyed by its id, when the API fails a few times first", async () => {
    const ids = await queue(3);
    let failuresLeft = 4;
    api.next = () => (failuresLeft-- > 0 ? { status: 503, name: "internal_server_error" } : "ok");

    await runUntilQuiet(new Date(), 4);

    const rows = await db.emailMessage.findMany({ where: { id: { in: ids } } });
    expect(rows.map((r) => r.status)).toEqual(["SENT", "SENT", "SENT"]);
    for (const row of rows) {
      const delivered = api.deliveriesFor(row.id);
      expect(delivered).toHaveLength(1);
      expect(row.providerId).toBe(delivered[0]!.id);
      expect(delivered[0]!.body.to).toBe(row.to);
      // Our own text part and the HTML both went out.
      expect(delivered[0]!.body.text).toContain("join/token-m-");
      expect(delivered[0]!.body.html).toContain("<h1");
    }
    // Every request, retries included, carried the message id as the idempotency key.
    expect(api.requests.length).toBe(3 + 4);
    expect(api.requests.every((r) => r.idempotencyKey !== null && ids.includes(r.idempotencyKey))).toBe(true);
    expect(api.requests.every((r) => r.authorization === "Bearer re_test_key")).toBe(true);
    expect(rows.reduce((n, r) => n + r.attempts, 0)).toBe(7);
  });

  it("backs off exponentially between attempts and records only a code as the error", async () => {
    const [id] = await queue(1);
    api.next = () => ({ status: 500, name: "internal_server_error" });
    const t0 = new Date("2031-01-01T00:00:00Z");
    await deliverOutbox({ now: t0, provider: resend(), backoff: noJitter });
    let row = await db.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "PENDING", attempts: 1, lastError: "internal_server_error (HTTP 500)", lockedUntil: null });
    expect(row.nextAttemptAt.getTime() - t0.getTime()).toBe(30_000);

    // Not due yet: nothing is sent.
    expect((await deliverOutbox({ now: new Date(t0.getTime() + 29_000), provider: resend(), backoff: noJitter })).claimed).toBe(0);

    await deliverOutbox({ now: new Date(t0.getTime() + 30_000), provider: resend(), backoff: noJitter });
    row = await db.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row.attempts).toBe(2);
    expect(row.nextAttemptAt.getTime() - (t0.getTime() + 30_000)).toBe(60_000);
  });

  it("loses nothing while the API is down for the whole run, and sends everything once when it is back", async () => {
    const ids = await queue(4, "outage");
    await api.stop();
    const later = await runUntilQuiet(new Date(), 5);

    let rows = await db.emailMessage.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.status === "PENDING" && r.attempts === 5)).toBe(true);
    expect(rows.every((r) => r.lastError === "application_error")).toBe(true);

    await api.start();
    await runUntilQuiet(later, 1);
    rows = await db.emailMessage.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.status === "SENT")).toBe(true);
    expect(api.deliveries).toHaveLength(4);
    for (const id of ids) expect(api.deliveriesFor(id)).toHaveLength(1);
  });

  it("sends once when the API accepted a message but the response was lost: the retry reuses the key", async () => {
    const [id] = await queue(1, "lost");
    let first = true;
    api.next = () => (first ? ((first = false), "deliver-then-drop") : "ok");
    await runUntilQuiet(new Date(), 2);

    const row = await db.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("SENT");
    expect(api.requests.map((r) => r.idempotencyKey)).toEqual([id, id]);
    expect(api.deliveriesFor(id!)).toHaveLength(1);
    expect(row.providerId).toBe(api.deliveriesFor(id!)[0]!.id);
  });

  it("never lets two workers send the same message", async () => {
    const ids = await queue(6, "race");
    const now = new Date();
    await Promise.all([
      deliverOutbox({ now, provider: resend(), batchSize: 6 }),
      deliverOutbox({ now, provider: resend(), batchSize: 6 }),
      deliverOutbox({ now, provider: resend(), batchSize: 6 }),
    ]);
    expect(api.requests).toHaveLength(6);
    expect(new Set(api.requests.map((r) => r.idempotencyKey))).toEqual(new Set(ids));
    expect(await db.emailMessage.count({ where: { id: { in: ids }, status: "SENT", attempts: 1 } })).toBe(6);
  });

  it("takes over a message whose worker died mid-send once its lock expires, with the same key", async () => {
    const [id] = await queue(1, "crash");
    const t0 = new Date("2031-01-01T00:00:00Z");
    // A worker claimed it and crashed before recording the result.
    await db.emailMessage.update({ where: { id }, data: { status: "SENDING", attempts: 1, lockedUntil: new Date(t0.getTime() + 60_000) } });
    expect((await deliverOutbox({ now: new Date(t0.getTime() + 59_000), provider: resend() })).claimed).toBe(0);
    expect((await deliverOutbox({ now: new Date(t0.getTime() + 61_000), provider: resend() })).sent).toBe(1);
    expect(api.requests.map((r) => r.idempotencyKey)).toEqual([id]);
  });

  it("fails at once on an error no retry can fix, and after the last attempt on the rest", async () => {
    const [invalid, flaky] = await queue(2, "fail");
    api.next = () => {
      const key = api.requests.at(-1)!.idempotencyKey;
      return key === invalid ? { status: 422, name: "validation_error" } : { status: 429, name: "rate_limit_exceeded" };
    };
    let now = new Date();
    for (let i = 0; i < 3; i++) {
      await deliverOutbox({ now, provider: resend(), backoff: noJitter, maxAttempts: 3 });
      now = new Date(now.getTime() + 3_600_000);
    }
    const rows = Object.fromEntries((await db.emailMessage.findMany({ where: { id: { in: [invalid!, flaky!] } } })).map((r) => [r.id, r]));
    expect(rows[invalid!]).toMatchObject({ status: "FAILED", attempts: 1, lastError: "validation_error (HTTP 422)" });
    expect(rows[flaky!]).toMatchObject({ status: "FAILED", attempts: 3, lastError: "rate_limit_exceeded (HTTP 429)" });
  });

  it("sends the .ics attachment and leaves messages queued when no provider is configured", async () => {
    const { id } = await enqueueEmail(db, {
      to: "ics@int.test",
      template: "consultation-booked",
      props: {
        clinicName: "Test Clinic",
        recipientName: "Pat",
        clinicianName: "Dr Test",
        startsAt: "2031-01-14T15:30:00.000Z",
        durationMinutes: 20,
        timeZone: "UTC",
        joinUrl: "http://localhost:3000/join/t",
        joinOpensMinutesBefore: 10,
        calendar: { uid: "consultation-x@bedside", sequence: 1, organizerEmail: "no-reply@bedside.local" },
      },
    });
    expect(await deliverOutbox({ provider: null })).toEqual({ claimed: 0, sent: 0, retrying: 0, failed: 0 });
    expect((await db.emailMessage.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");

    await deliverOutbox({ provider: resend() });
    const [delivery] = api.deliveriesFor(id);
    expect(delivery!.body.attachments).toHaveLength(1);
    expect(delivery!.body.attachments![0]).toMatchObject({ filename: "video-visit.ics", content_type: expect.stringMatching(/^text\/calendar/) });
    expect(Buffer.from(delivery!.body.attachments![0]!.content, "base64").toString()).toContain("DTSTART:20310114T153000Z");
  });
});
