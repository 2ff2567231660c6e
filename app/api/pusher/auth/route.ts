import { getSessionUser } from "@/server/auth/session";
import { clientIp } from "@/server/auth/signin-rate-limit";
import { errorForLog, logger } from "@/server/logger";
import { handlePusherAuth, MAX_AUTH_BODY_BYTES, parsePusherAuthBody } from "@/server/realtime/pusher-auth";
import { newRequestId } from "@/server/request-id";

// pusher-js posts `socket_id` and `channel_name` here before it subscribes to a private or
// presence channel. Everything but a signed grant is a 403 (pusher-js reports it as a
// subscription_error); the decision is server/realtime/authorize-channel.ts.

export const dynamic = "force-dynamic";

const NO_STORE = { "Cache-Control": "no-store" };

export async function POST(request: Request): Promise<Response> {
  const requestId = request.headers.get("x-request-id") ?? newRequestId();
  try {
    const raw = await readBounded(request, MAX_AUTH_BODY_BYTES);
    const user = await getSessionUser();
    const result = await handlePusherAuth({
      user,
      body: raw === null ? null : parsePusherAuthBody(request.headers.get("content-type"), raw),
      requestId,
      ip: clientIp(request.headers),
    });
    return Response.json(result.body, { status: result.status, headers: NO_STORE });
  } catch (error) {
    logger.error({ error: errorForLog(error), requestId }, "realtime.auth_route_failed");
    return Response.json({ error: "You cannot receive live updates for this.", reason: "channel_forbidden" }, { status: 403, headers: NO_STORE });
  }
}

/** The body as text, or null when it is longer than `limit` bytes (it is not read further). */
async function readBounded(request: Request, limit: number): Promise<string | null> {
  if (Number(request.headers.get("content-length") ?? 0) > limit) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
