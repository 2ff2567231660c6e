import "server-only";
import { createHash } from "node:crypto";
import { env } from "@/env";
import { db } from "@/server/db";
import { newRequestId } from "@/server/request-id";
import { consumeRateLimit } from "@/server/security/rate-limit";

const SIGNIN_PATHS = ["/api/auth/callback/credentials", "/api/auth/signin/email"];

export function clientIp(headers: Pick<Headers, "get">): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "local";
}

/**
 * Sign-in attempts are limited per account and per address. The answer is the same
 * whether or not the account exists. Returns a 429 response to send, or null to proceed.
 */
export async function limitSignInAttempt(req: Request): Promise<Response | null> {
  const url = new URL(req.url);
  if (req.method !== "POST" || !SIGNIN_PATHS.includes(url.pathname)) return null;
  const form = await req
    .clone()
    .formData()
    .catch(() => null);
  const email = String(form?.get("email") ?? "")
    .trim()
    .toLowerCase();
  const windowMs = env.SIGNIN_RATE_LIMIT_WINDOW_MINUTES * 60_000;
  const emailKey = `signin:email:${createHash("sha256").update(email).digest("hex").slice(0, 32)}`;
  const ipKey = `signin:ip:${clientIp(req.headers)}`;
  const [perEmail, perIp] = await Promise.all([
    consumeRateLimit(emailKey, env.SIGNIN_RATE_LIMIT_PER_EMAIL, windowMs),
    consumeRateLimit(ipKey, env.SIGNIN_RATE_LIMIT_PER_IP, windowMs),
  ]);
  if (perEmail.allowed && perIp.allowed) return null;
  const retryAfter = Math.max(perEmail.allowed ? 0 : perEmail.retryAfterSeconds, perIp.allowed ? 0 : perIp.retryAfterSeconds);
  const minutes = Math.ceil(retryAfter / 60);
  const message = `Too many sign-in attempts. Please wait ${minutes} minute${minutes === 1 ? "" : "s"} and try again.`;
  await db.auditEvent.create({
    data: {
      action: "auth.signin",
      entityType: "User",
      outcome: "DENIED",
      requestId: newRequestId(),
      ip: clientIp(req.headers),
      metadata: { reason: "rate_limited" },
    },
  });
  const signinUrl = new URL("/signin", url);
  signinUrl.searchParams.set("error", "RateLimited");
  signinUrl.searchParams.set("code", "rate_limited");
  return Response.json(
    { url: signinUrl.toString(), error: "rate_limited", message, retryAfterSeconds: retryAfter },
    { status: 429, headers: { "Retry-After": String(retryAfter) } },
  );
}
