// LiveKit's webhooks: the raw body is verified against the signed Authorization header,
// then handed to the domain. 401 for anything not signed by our LiveKit; 200 once applied
// (or recognised as a replay); 5xx makes LiveKit retry.
import { errorResponse } from "@/server/http/error-response";
import { isWebhookVerificationError } from "@/server/integrations/video";
import { logger } from "@/server/logger";
import { newRequestId } from "@/server/request-id";
import { handleLiveKitWebhook } from "@/server/video/handle-livekit-webhook";

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
    if (isWebhookVerificationError(error)) {
      logger.warn({ requestId }, "video.webhook_rejected");
      return Response.json({ error: "invalid_signature" }, { status: 401 });
    }
    // A database outage answers 503 + Retry-After (LiveKit retries); unexpected errors 500.
    return errorResponse(error, { requestId, event: "video.webhook_failed", internalBody: (ref) => ({ error: "processing_failed", requestId: ref }) });
  }
}
