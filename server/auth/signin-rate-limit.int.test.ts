import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { limitSignInAttempt } from "./signin-rate-limit";

function attempt(email: string, ip: string, path = "/api/auth/callback/credentials") {
  return new Request(`http://localhost:3000${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": ip },
    body: new URLSearchParams({ email, password: "x", csrfToken: "t" }),
  });
}

describe("limitSignInAttempt", () => {
  it("answers the sixth attempt for one account with 429, a Retry-After and a clear message", async () => {
    const email = `limit-${Math.random()}@int.test`;
    for (let i = 0; i < 5; i++) expect(await limitSignInAttempt(attempt(email, `10.0.0.${i}`))).toBeNull();
    const res = await limitSignInAttempt(attempt(email.toUpperCase(), "10.0.0.9"));
    expect(res?.status).toBe(429);
    expect(Number(res?.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await res!.json()) as { message: string; url: string };
    expect(body.message).toMatch(/Too many sign-in attempts\. Please wait \d+ minutes? and try again\./);
    expect(new URL(body.url).searchParams.get("error")).toBe("RateLimited");
  });

  it("also limits one address trying many accounts", async () => {
    const ip = `192.0.2.${Math.floor(Math.random() * 250)}`;
    let limited = 0;
    for (let i = 0; i < 31; i++) if (await limitSignInAttempt(attempt(`spray-${i}-${Math.random()}@int.test`, ip))) limited++;
    expect(limited).toBe(1);
  });

  it("counts magic-link requests too, and ignores other auth routes", async () => {
    const email = `magic-${Math.random()}@int.test`;
    for (let i = 0; i < 5; i++) expect(await limitSignInAttempt(attempt(email, "198.51.100.1", "/api/auth/signin/email"))).toBeNull();
    expect((await limitSignInAttempt(attempt(email, "198.51.100.1", "/api/auth/signin/email")))?.status).toBe(429);
    expect(await limitSignInAttempt(attempt(email, "198.51.100.1", "/api/auth/signout"))).toBeNull();
  });

  it("audits a refused attempt without recording the email", async () => {
    const email = `audit-${Math.random()}@int.test`;
    const before = await db.auditEvent.count({ where: { action: "auth.signin", outcome: "DENIED" } });
    for (let i = 0; i < 6; i++) await limitSignInAttempt(attempt(email, "203.0.113.7"));
    const rows = await db.auditEvent.findMany({ where: { action: "auth.signin", outcome: "DENIED" }, orderBy: { id: "desc" }, take: 1 });
    expect(await db.auditEvent.count({ where: { action: "auth.signin", outcome: "DENIED" } })).toBe(before + 1);
    expect(JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain(email);
  });
});
