// The realtime server's webhooks (Pusher Channels, soketi): presence `member_removed` on a
// call's signalling channel ends that person's connection in the visit record. 401 for
// anything not signed with the app's key and secret; 200 once handled; 5xx makes the
// realtime server retry.
import { errorResponse } from "@/server/http/error-response";
import { logger } from "@/server/logger";
import { newRequestId } from "@/server/request-id";
import { handlePresenceWebhook, isPresenceWebhookRejected } from "@/server/sessions/record-presence-drop";

export const dynamic = "force-dynamic";

// A batch of presence events is a few kilobytes.
const MAX_BODY_BYTES = 64 * 1024;

export async function POST(req: Request) {
  const requestId = req.headers.get("x-request-id") ?? newRequestId();
  const body = await req.text();
  if (body.length > MAX_BODY_BYTES) return Response.json({ error: "payload_too_large" }, { status: 413 });
  try {
    const ended = await handlePresenceWebhook({ headers: req.headers, body, requestId });
    return Response.json({ ok: true, ended });
  } catch (error) {
    if (isPresenceWebhookRejected(error)) {
      logger.warn({ requestId }, "realtime.webhook_rejected");
      return Response.json({ error: "invalid_signature" }, { status: 401 });
    }
    return errorResponse(error, { requestId, event: "realtime.webhook_failed", internalBody: (ref) => ({ error: "processing_failed", requestId: ref }) });
  }
}
