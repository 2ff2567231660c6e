import { inputPolicyIssues } from "@/lib/validation/input-policy";
import { ZAuditFilter } from "@/server/api/routers/admin/schemas";
import { exportAuditEvents } from "@/server/audit-trail/export-audit-events";
import { recordDenied } from "@/server/audit/record-audit";
import type { Actor } from "@/server/audit/actor";
import { clientIp } from "@/server/auth/signin-rate-limit";
import { getSessionUser } from "@/server/auth/session";
import { errorResponse } from "@/server/http/error-response";
import { errorForLog, logger } from "@/server/logger";
import { newRequestId } from "@/server/request-id";

export const dynamic = "force-dynamic";

/** The audit trail, filtered like /admin/audit, as a streamed CSV download. Admins only. */
export async function GET(req: Request) {
  const requestId = req.headers.get("x-request-id") ?? newRequestId();
  let lines: AsyncGenerator<string>;
  let actor: Actor;
  try {
    const user = await getSessionUser();
    if (!user) return Response.json({ error: "unauthorized", message: "Your session has ended. Please sign in again." }, { status: 401 });
    actor = { userId: user.id, role: user.role, requestId, ip: clientIp(req.headers), scopeSessionId: user.scopeSessionId };
    // The role before the filters: a non-admin learns nothing about what the export accepts.
    if (user.role !== "ADMIN") {
      await recordDenied(actor, { action: "audit.export", entityType: "AuditEvent", metadata: { reason: "role" } });
      return Response.json({ error: "forbidden", message: "Only administrators can export the audit trail." }, { status: 403 });
    }
    const params = Object.fromEntries(new URL(req.url).searchParams);
    const policy = inputPolicyIssues(params)[0];
    if (policy)
      return Response.json({ error: "bad_request", message: `${policy.path.join(".")}: ${policy.message}`, field: policy.path.join(".") }, { status: 400 });
    const parsed = ZAuditFilter.safeParse(params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return Response.json(
        {
          error: "bad_request",
          message: issue ? `${issue.path.join(".") || "filter"}: ${issue.message}` : "Check the filters and try again.",
          field: issue?.path.join(".") ?? null,
        },
        { status: 400 },
      );
    }
    lines = await exportAuditEvents({ actor, filter: parsed.data });
  } catch (error) {
    return errorResponse(error, { requestId, event: "audit.export_failed" });
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
