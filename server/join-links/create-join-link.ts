import "server-only";
import { env } from "@/env";
import type { DbOrTx } from "@/server/db";
import type { ParticipantRole } from "@/server/generated/prisma/enums";
import { newJoinToken } from "./token";

export interface CreateJoinLinkInput {
  /** Bind to a consultation (patients), a session (guests), or both. */
  consultationId?: string | null;
  sessionId?: string | null;
  /** The one person the link signs in. */
  userId: string;
  role: ParticipantRole;
  /** The user who caused it, or `system:<name>` for the scheduler. */
  createdById: string;
  expiresAt: Date;
  /** A token made beforehand (to render the email first); a fresh one otherwise. */
  prepared?: { token: string; tokenHash: string };
}

export interface CreatedJoinLink {
  id: string;
  /** The secret: goes into the email and nowhere else (never stored, never logged). */
  token: string;
  url: string;
}

export function joinUrl(token: string): string {
  return `${env.APP_URL.replace(/\/$/, "")}/join/${token}`;
}

/** Write a join link in the caller's transaction; the token exists only in the return value. */
export async function createJoinLink(tx: DbOrTx, input: CreateJoinLinkInput): Promise<CreatedJoinLink> {
  if (!input.consultationId && !input.sessionId) throw new Error("A join link needs a consultation or a session");
  const { token, tokenHash } = input.prepared ?? newJoinToken();
  const row = await tx.joinLink.create({
    data: {
      tokenHash,
      consultationId: input.consultationId ?? null,
      sessionId: input.sessionId ?? null,
      userId: input.userId,
      role: input.role,
      createdById: input.createdById,
      expiresAt: input.expiresAt,
    },
    select: { id: true },
  });
  return { id: row.id, token, url: joinUrl(token) };
}
