import { ZAuditFilter } from "@/server/api/routers/admin/schemas";
import { exportAuditEvents } from "@/server/admin/export-audit-events";
import { recordDenied } from "@/server/audit/record-audit";
import type { Actor } from "@/server/audit/actor";
import { clientIp } from "@/server/auth/signin-rate-limit";
import { getSessionUser } from "@/server/auth/session";
import { isAppError } from "@/server/errors";
import { errorForLog, logger } from "@/server/logger";
import { newRequestId } from "@/server/request-id";

export const dynamic = "force-dynamic";

/** The audit trail, filtered like /admin/audit, as a streamed CSV download. Admins only. */
export async function GET(req: Request) {
  const user = await getSessionUser();
  if (!user) return Response.json({ error: "unauthorized", message: "Your session has ended. Please sign in again." }, { status: 401 });
  const actor: Actor = { userId: user.id, role: user.role, requestId: newRequestId(), ip: clientIp(req.headers), scopeSessionId: user.scopeSessionId };
  const params = Object.fromEntries(new URL(req.url).searchParams);
  const parsed = ZAuditFilter.safeParse(params);
  if (!parsed.success) {
    return Response.json({ error: "bad_request", message: parsed.error.issues[0]?.message ?? "Check the filters and try again." }, { status: 400 });
  }
  let lines: AsyncGenerator<string>;
  try {
    lines = await exportAuditEvents({ actor, filter: parsed.data });
  } catch (error) {
    if (isAppError(error)) {
      if (error.denied) await recordDenied(error.denied.actor, error.denied.entry);
      return Response.json({ error: error.reason ?? error.code, message: error.message }, { status: error.httpStatus });
    }
    throw error;
  }
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        logger.error({ error: errorForLog(error), requestId: actor.requestId }, "audit.export_failed");
        controller.error(error);
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
