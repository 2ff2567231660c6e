"use server";

import { redirect } from "next/navigation";
import { signIn, signOut } from "@/server/auth";
import { getSessionUser, revokeAuthSession } from "@/server/auth/session";
import { isAppError } from "@/server/errors";
import { inspectJoinLink } from "@/server/join-links/inspect-join-link";
import { redeemJoinLink } from "@/server/join-links/redeem-join-link";
import { newRequestId } from "@/server/request-id";
import { errorForLog, logger } from "@/server/logger";

const TOKEN = /^[A-Za-z0-9_-]{1,100}$/;

function tokenOf(form: FormData): string {
  const token = String(form.get("token") ?? "");
  return TOKEN.test(token) ? token : "invalid";
}

/**
 * The confirmation form's POST: the only request that uses a join link. Signs the link's
 * invitee in for that one visit (Auth.js "join-link" provider) and goes to the session room.
 */
export async function joinVisitAction(form: FormData) {
  const token = tokenOf(form);
  const back = (code: string) => `/join/${token}?e=${encodeURIComponent(code)}`;
  let destination: string;
  try {
    const view = await inspectJoinLink({ token });
    if (view.status !== "ready") redirect(`/join/${token}`);
    if (!view.sessionId) redirect(back("room_not_ready"));
    const current = await getSessionUser();
    if (current && current.id === view.userId && (current.scopeSessionId === null || current.scopeSessionId === view.sessionId)) {
      // Already signed in as the invitee with access to this visit: count the use, keep the session.
      const redeemed = await redeemJoinLink({ token, currentUserId: current.id, requestId: newRequestId() });
      destination = `/session/${redeemed.sessionId}`;
    } else {
      await signIn("join-link", { token, redirect: false });
      destination = `/session/${view.sessionId}`;
      // The same person signed in for another visit: the new scoped sign-in replaced that
      // cookie, so end the old session row instead of leaving it to expire.
      if (current && current.id === view.userId) await revokeAuthSession(current.authSessionId, "replaced_by_join_link");
    }
  } catch (error) {
    if (isNextRedirect(error)) throw error;
    if (isAuthErrorWithCode(error)) redirect(back(error.code));
    if (isAppError(error)) redirect(back(error.reason ?? "invalid"));
    logger.error({ error: errorForLog(error) }, "join_link.action_failed");
    redirect(back("unexpected"));
  }
  redirect(destination);
}

/** Signed in as someone else: sign that account out here, then show the link again. */
export async function signOutAndReturnAction(form: FormData) {
  await signOut({ redirectTo: `/join/${tokenOf(form)}` });
}

function isNextRedirect(error: unknown): boolean {
  return typeof error === "object" && error !== null && "digest" in error && String((error as { digest: unknown }).digest).startsWith("NEXT_REDIRECT");
}

/** A next-auth AuthError carrying our sign-in code, recognised by shape (never `instanceof` across bundles). */
function isAuthErrorWithCode(error: unknown): error is { code: string } {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { type?: unknown }).type === "string" &&
    typeof (error as { code?: unknown }).code === "string"
  );
}
