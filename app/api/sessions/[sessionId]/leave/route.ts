import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import { recordDenied } from "@/server/audit/record-audit";
import { clientIp } from "@/server/auth/signin-rate-limit";
import { getSessionUser } from "@/server/auth/session";
import { isAppError } from "@/server/errors";
import { newRequestId } from "@/server/request-id";
import { leaveSession } from "@/server/sessions/leave-session";

export const dynamic = "force-dynamic";

const ZParams = z.object({ sessionId: z.string().min(1).max(64) });
const ZBody = z.object({ stintId: z.uuid() });

/**
 * The call page's leave beacon: `navigator.sendBeacon` on pagehide (tab closed, reloaded,
 * navigated away), so the visit record shows when the connection really ended. Same rule as
 * `sessions.leave`: only the caller's own open connection closes.
 */
export async function POST(req: Request, { params }: { params: Promise<{ sessionId: string }> }) {
  const user = await getSessionUser();
  if (!user) return Response.json({ error: "unauthorized", message: "Your session has ended. Please sign in again." }, { status: 401 });
  const p = ZParams.safeParse(await params);
  let body: unknown = null;
  try {
    body = JSON.parse(await req.text());
  } catch {
    body = null;
  }
  const b = ZBody.safeParse(body);
  if (!p.success || !b.success)
    return Response.json({ error: "bad_request", message: "Send the session and the connection (stintId) to leave." }, { status: 400 });
  const actor: Actor = { userId: user.id, role: user.role, requestId: newRequestId(), ip: clientIp(req.headers), scopeSessionId: user.scopeSessionId };
  try {
    const result = await leaveSession({ actor, sessionId: p.data.sessionId, stintId: b.data.stintId });
    return Response.json(result);
  } catch (error) {
    if (isAppError(error)) {
      if (error.denied) await recordDenied(error.denied.actor, error.denied.entry);
      return Response.json({ error: error.reason ?? error.code, message: error.message }, { status: error.httpStatus });
    }
    throw error;
  }
}
