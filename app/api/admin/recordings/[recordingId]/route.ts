import { openRecording } from "@/server/recordings/recordings";
import type { Actor } from "@/server/audit/actor";
import { clientIp } from "@/server/auth/signin-rate-limit";
import { getSessionUser } from "@/server/auth/session";
import { errorResponse } from "@/server/http/error-response";
import { newRequestId } from "@/server/request-id";

export const dynamic = "force-dynamic";

/** Recording playback for admins, with HTTP Range (206 / 416) so players can seek. */
export async function GET(req: Request, { params }: { params: Promise<{ recordingId: string }> }) {
  const requestId = req.headers.get("x-request-id") ?? newRequestId();
  try {
    const user = await getSessionUser();
    if (!user) return Response.json({ error: "unauthorized", message: "Your session has ended. Please sign in again." }, { status: 401 });
    const { recordingId } = await params;
    const actor: Actor = { userId: user.id, role: user.role, requestId, ip: clientIp(req.headers), scopeSessionId: user.scopeSessionId };
    const view = await openRecording({ actor, recordingId, rangeHeader: req.headers.get("range") });
    const common = { "Accept-Ranges": "bytes", "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };
    if (view.kind === "unsatisfiable") {
      return new Response(null, { status: 416, headers: { ...common, "Content-Range": `bytes */${view.size}` } });
    }
    if (view.kind === "partial") {
      return new Response(view.body, {
        status: 206,
        headers: {
          ...common,
          "Content-Type": view.mimeType,
          "Content-Length": String(view.end - view.start + 1),
          "Content-Range": `bytes ${view.start}-${view.end}/${view.size}`,
        },
      });
    }
    return new Response(view.body, { status: 200, headers: { ...common, "Content-Type": view.mimeType, "Content-Length": String(view.size) } });
  } catch (error) {
    return errorResponse(error, { requestId, event: "admin.recording_failed" });
  }
}
