import { env } from "@/env";
import { recordDenied } from "@/server/audit/record-audit";
import { clientIp } from "@/server/auth/signin-rate-limit";
import { errorResponse } from "@/server/http/error-response";
import { newRequestId } from "@/server/request-id";
import { hasCronSecret } from "@/server/scheduler/cron-auth";
import { jobs } from "@/server/scheduler/jobs";
import { runDueJobs } from "@/server/scheduler/run-due-jobs";

export const dynamic = "force-dynamic";

/**
 * For an external scheduler (cron, a cloud scheduler): runs the jobs that are due, exactly
 * like the in-process ticker, with the same leases. Needs CRON_SECRET.
 */
export async function POST(req: Request) {
  if (!env.CRON_SECRET) {
    return Response.json(
      {
        error: "cron_disabled",
        message: "CRON_SECRET is not set, so /api/cron/tick is disabled. Set CRON_SECRET (16+ characters) and send it as `Authorization: Bearer <secret>`.",
      },
      { status: 503 },
    );
  }
  if (!hasCronSecret(req.headers, env.CRON_SECRET)) {
    await recordDenied(
      { system: "scheduler", requestId: newRequestId() },
      { action: "cron.tick", entityType: "Scheduler", metadata: { ip: clientIp(req.headers) } },
    );
    return Response.json({ error: "unauthorized", message: "Wrong or missing cron secret." }, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
  }
  try {
    const outcomes = await runDueJobs({ jobs });
    return Response.json({ ok: outcomes.every((o) => o.status !== "failed"), jobs: outcomes });
  } catch (error) {
    return errorResponse(error, { requestId: newRequestId(), event: "cron.tick_failed" });
  }
}
