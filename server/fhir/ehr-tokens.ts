// EHR API tokens: an admin issues a read-only bearer token for a clinic's EHR to use the
// FHIR R4 API. Like device tokens: 256 random bits behind a recognisable prefix, only the
// SHA-256 stored, shown once, revocable, "last used" kept for people to spot stale ones.
// Scope: the whole clinic (what an admin may read) or one clinician's patients (what that
// clinician may read). Reads made with a token are audited as the system actor "ehr" with
// the token's id, never as the admin who issued it.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Actor, AnyActor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError, notFound } from "@/server/errors";
import { requireAdmin } from "@/server/access/roles";
import { consumeRateLimit } from "@/server/security/rate-limit";

export const EHR_TOKEN_PREFIX = "bfh_";
const SHOWN_CHARACTERS = 12;
export const MAX_ACTIVE_EHR_TOKENS = 50;
/** Requests per token per minute: generous for an EHR's sync, a brake on a runaway loop. */
export const EHR_TOKEN_RATE_LIMIT_PER_MINUTE = 1200;
// lastUsedAt is for people ("last used 2 minutes ago"), not an access log (the audit trail is).
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashEhrToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

function newEhrToken() {
  const token = `${EHR_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, tokenHash: hashEhrToken(token), prefix: token.slice(0, SHOWN_CHARACTERS) };
}

const select = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  clinicianId: true,
  clinician: { select: { name: true, title: true } },
} as const;

type Row = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  clinicianId: string | null;
  clinician: { name: string | null; title: string | null } | null;
};

function view(r: Row) {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt,
    revokedAt: r.revokedAt,
    scope: r.clinicianId
      ? {
          kind: "clinician" as const,
          clinicianId: r.clinicianId,
          clinicianName: [r.clinician?.title, r.clinician?.name].filter(Boolean).join(" ") || "Clinician",
        }
      : { kind: "clinic" as const },
  };
}
export type EhrTokenView = ReturnType<typeof view>;

export async function listEhrTokens({ actor }: { actor: Actor }) {
  requireAdmin(actor, "fhir.token.list");
  const rows = await db.fhirApiToken.findMany({ select, orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }], take: 200 });
  return rows.map(view);
}

export async function issueEhrToken({ actor, name, clinicianId }: { actor: Actor; name: string; clinicianId: string | null }) {
  requireAdmin(actor, "fhir.token.issue");
  return db.$transaction(async (tx) => {
    if (clinicianId) {
      const clinician = await tx.user.findFirst({ where: { id: clinicianId, role: "CLINICIAN", deactivatedAt: null }, select: { id: true } });
      if (!clinician)
        throw new AppError("BAD_REQUEST", "Choose an active clinician for this token, or give it the whole clinic.", { reason: "invalid_clinician" });
    }
    const active = await tx.fhirApiToken.count({ where: { revokedAt: null } });
    if (active >= MAX_ACTIVE_EHR_TOKENS) {
      throw new AppError("PRECONDITION_FAILED", `There are already ${active} active EHR tokens. Revoke one that is no longer used first.`, {
        reason: "too_many_tokens",
      });
    }
    const secret = newEhrToken();
    const row = await tx.fhirApiToken.create({
      data: { name: name.trim(), tokenHash: secret.tokenHash, prefix: secret.prefix, clinicianId, createdById: actor.userId },
      select,
    });
    await recordAudit(tx, actor, {
      action: "fhir.token.issue",
      entityType: "FhirApiToken",
      entityId: row.id,
      metadata: { scope: clinicianId ? "clinician" : "clinic" },
    });
    // The only time the token itself is ever returned.
    return { ...view(row), token: secret.token };
  });
}

export async function revokeEhrToken({ actor, tokenId, now = new Date() }: { actor: Actor; tokenId: string; now?: Date }) {
  requireAdmin(actor, "fhir.token.revoke");
  return db.$transaction(async (tx) => {
    const changed = await tx.fhirApiToken.updateMany({ where: { id: tokenId, revokedAt: null }, data: { revokedAt: now, revokedById: actor.userId } });
    const row = await tx.fhirApiToken.findUnique({ where: { id: tokenId }, select });
    if (!row) throw notFound("EHR token");
    if (changed.count > 0) await recordAudit(tx, actor, { action: "fhir.token.revoke", entityType: "FhirApiToken", entityId: row.id });
    return view(row);
  });
}

/** Who is reading through the FHIR API: whose visibility applies, and who the audit trail names. */
export interface FhirCaller {
  /** The visibility that applies (the app's own rules take an Actor). */
  actor: Actor;
  /** Who audit rows name: the signed-in user, or the system actor "ehr" with the token id. */
  auditActor: AnyActor;
  tokenId: string | null;
}

function invalidToken(): AppError {
  return new AppError("UNAUTHORIZED", "This EHR token is not valid: it may have been revoked or mistyped. Ask a Bedside administrator for a new token.", {
    reason: "invalid_ehr_token",
  });
}

/** The caller a bearer token stands for, or UNAUTHORIZED for a missing, unknown or revoked token. */
export async function fhirCallerFromToken({
  token,
  requestId,
  ip,
  now = new Date(),
}: {
  token: string;
  requestId: string;
  ip: string | null;
  now?: Date;
}): Promise<FhirCaller> {
  const row = await db.fhirApiToken.findUnique({
    where: { tokenHash: hashEhrToken(token) },
    select: { id: true, revokedAt: true, lastUsedAt: true, clinicianId: true, clinician: { select: { deactivatedAt: true } } },
  });
  if (!row || row.revokedAt) throw invalidToken();
  if (row.clinician?.deactivatedAt) {
    throw new AppError("UNAUTHORIZED", "This EHR token reads as a clinician whose account is deactivated. Ask a Bedside administrator for a new token.", {
      reason: "ehr_token_clinician_deactivated",
    });
  }
  const limit = await consumeRateLimit(`fhir-token:${row.id}`, EHR_TOKEN_RATE_LIMIT_PER_MINUTE, 60_000);
  if (!limit.allowed) {
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `This EHR token sent more than ${EHR_TOKEN_RATE_LIMIT_PER_MINUTE} requests in a minute. Wait ${limit.retryAfterSeconds} s, and use _count (up to 200) to fetch more per request.`,
      {
        reason: "rate_limited",
        details: { retryAfterSeconds: limit.retryAfterSeconds },
      },
    );
  }
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    await db.fhirApiToken.updateMany({ where: { id: row.id, revokedAt: null }, data: { lastUsedAt: now } });
  }
  const actor: Actor = row.clinicianId
    ? { userId: row.clinicianId, role: "CLINICIAN", requestId, ip }
    : { userId: `ehr-token:${row.id}`, role: "ADMIN", requestId, ip };
  return { actor, auditActor: { system: "ehr", requestId, subjectId: row.id }, tokenId: row.id };
}

/** The caller for a signed-in browser session (the app's own user, audited as themselves). */
export function fhirCallerFromSession(
  user: { id: string; role: Actor["role"]; scopeSessionId: string | null },
  requestId: string,
  ip: string | null,
): FhirCaller {
  if (user.scopeSessionId) {
    // A join-link sign-in is for one call, not for reading a record through an API.
    throw new AppError("FORBIDDEN", "A join-link sign-in cannot use the FHIR API. Sign in with your password or an email link.", { reason: "scoped_session" });
  }
  const actor: Actor = { userId: user.id, role: user.role, requestId, ip };
  return { actor, auditActor: actor, tokenId: null };
}
