// LiveKit's webhooks: the raw body is verified against the signed Authorization header,
// then handed to the domain. 401 for anything not signed by our LiveKit; 200 once applied
// (or recognised as a replay); 5xx makes LiveKit retry (server/http/webhook-route.ts).
import { webhookRoute } from "@/server/http/webhook-route";
import { isWebhookVerificationError } from "@/server/integrations/video";
import { handleLiveKitWebhook } from "@/server/video/handle-livekit-webhook";

export const dynamic = "force-dynamic";

export const POST = webhookRoute({
  name: "video",
  // LiveKit's own events are a few kilobytes.
  maxBytes: 256 * 1024,
  handle: ({ headers, body, requestId }) => handleLiveKitWebhook({ body, authorization: headers.get("authorization"), requestId }),
  isRejected: isWebhookVerificationError,
});
