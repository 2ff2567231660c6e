import { getSessionUser } from "@/server/auth/session";
import { isDatabaseUnavailable } from "@/server/errors";
import { errorResponse } from "@/server/http/error-response";
import { crossSiteOrigin, crossSiteRefusal } from "@/server/http/same-origin";
import { errorForLog, logger } from "@/server/logger";
import { newRequestId } from "@/server/request-id";
import { respondToPusherAuth } from "@/server/realtime/pusher-auth";

// pusher-js posts `socket_id` and `channel_name` here before it subscribes to a private or
// presence channel. Anything but a signed grant is a 403, which pusher-js reports as a
// subscription_error. Who may subscribe to what: server/realtime/authorize-channel.ts.

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const requestId = request.headers.get("x-request-id") ?? newRequestId();
  // A channel grant asked for by another site's page is refused (CSRF).
  if (crossSiteOrigin(request.headers)) return crossSiteRefusal();
  try {
    const user = await getSessionUser().catch((error: unknown) => {
      // An outage is a 503 (pusher-js retries later); any other failure reads as signed out.
      if (isDatabaseUnavailable(error)) throw error;
      logger.error({ error: errorForLog(error) }, "realtime.auth_session_failed");
      return null;
    });
    return await respondToPusherAuth(request, user);
  } catch (error) {
    return errorResponse(error, { requestId, event: "realtime.auth_failed" });
  }
}
