// LiveKit's webhooks: the raw body is verified against the signed Authorization header,
// then handed to the domain. 401 for anything not signed by our LiveKit; 200 once applied
// (or recognised as a replay); 5xx makes LiveKit retry.
import { WebhookVerificationError } from "@/server/integrations/video";
import { errorForLog, logger } from "@/server/logger";
import { newRequestId } from "@/server/request-id";
import { handleLiveKitWebhook, isDatabaseBusy } from "@/server/video/handle-livekit-webhook";

export const dynamic = "force-dynamic";

// LiveKit's own events are a few kilobytes.
const MAX_BODY_BYTES = 256 * 1024;

export async function POST(req: Request) {
  const requestId = req.headers.get("x-request-id") ?? newRequestId();
  const body = await req.text();
  if (body.length > MAX_BODY_BYTES) return Response.json({ error: "payload_too_large" }, { status: 413 });
  try {
    const outcome = await handleLiveKitWebhook({ body, authorization: req.headers.get("authorization"), requestId });
    return Response.json({ ok: true, outcome });
  } catch (error) {
    if (error instanceof WebhookVerificationError) {
      logger.warn({ requestId }, "video.webhook_rejected");
      return Response.json({ error: "invalid_signature" }, { status: 401 });
    }
    if (isDatabaseBusy(error)) {
      // LiveKit retries; the event is applied once whenever it gets through.
      logger.warn({ requestId }, "video.webhook_busy");
      return Response.json({ error: "busy", requestId }, { status: 503, headers: { "retry-after": "1" } });
    }
    logger.error({ requestId, error: errorForLog(error) }, "video.webhook_failed");
    return Response.json({ error: "processing_failed", requestId }, { status: 500 });
  }
}
