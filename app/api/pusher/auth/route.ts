import { getSessionUser } from "@/server/auth/session";
import { errorForLog, logger } from "@/server/logger";
import { respondToPusherAuth } from "@/server/realtime/pusher-auth";

// pusher-js posts `socket_id` and `channel_name` here before it subscribes to a private or
// presence channel. Anything but a signed grant is a 403, which pusher-js reports as a
// subscription_error. Who may subscribe to what: server/realtime/authorize-channel.ts.

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const user = await getSessionUser().catch((error: unknown) => {
    logger.error({ error: errorForLog(error) }, "realtime.auth_session_failed");
    return null;
  });
  return respondToPusherAuth(request, user);
}
