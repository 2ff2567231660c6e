// The realtime server's webhooks (Pusher Channels, soketi): presence `member_removed` on a
// call's signalling channel ends that person's connection in the visit record. 401 for
// anything not signed with the app's key and secret; 200 once handled; 5xx makes the
// realtime server retry (server/http/webhook-route.ts).
import { webhookRoute } from "@/server/http/webhook-route";
import { handlePresenceWebhook, isPresenceWebhookRejected } from "@/server/sessions/record-presence-drop";

export const dynamic = "force-dynamic";

export const POST = webhookRoute({
  name: "realtime",
  // A batch of presence events is a few kilobytes.
  maxBytes: 64 * 1024,
  handle: ({ headers, body, requestId }) => handlePresenceWebhook({ headers, body, requestId }),
  isRejected: isPresenceWebhookRejected,
});
