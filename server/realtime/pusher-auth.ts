import "server-only";
import { z } from "zod";
import type { Actor } from "@/server/audit/actor";
import type { SessionUser } from "@/server/auth/session";
import { clientIp } from "@/server/auth/signin-rate-limit";
import { isAppError } from "@/server/errors";
import { readBounded } from "@/server/http/read-bounded";
import type { ChannelAuthorization, ChannelAuthorizer } from "@/server/integrations/realtime";
import { errorForLog, logger } from "@/server/logger";
import { newRequestId } from "@/server/request-id";
import { authorizeChannelAccess, recordRealtimeDenial } from "./authorize-channel";
import { realtime } from "./publish";
import { MAX_AUTH_BODY_BYTES, parsePusherAuthBody } from "./pusher-auth-body";

// POST /api/pusher/auth without next-auth: the route only adds the signed-in user
// (getSessionUser), so integration tests can put the rest behind a loopback server and
// let the real pusher-js ask it.

/** What pusher-js posts; the strict checks of socket id and channel name are the domain's. */
const ZPusherAuthBody = z.object({
  socket_id: z.string().max(64),
  channel_name: z.string().max(200),
});

export type PusherAuthResult = { status: 200; body: ChannelAuthorization } | { status: 403; body: { error: string; reason: string } };

const FORBIDDEN: PusherAuthResult = {
  status: 403,
  body: { error: "You cannot receive live updates for this. Reload the page or sign in again.", reason: "channel_forbidden" },
};

export interface PusherAuthRequest {
  /** The signed-in user from the server session (getSessionUser), or null. */
  user: SessionUser | null;
  /** The parsed request body (see parsePusherAuthBody). */
  body: unknown;
  requestId: string;
  ip?: string | null;
  /** Signs the grant; the configured provider unless a test passes its own. */
  authorizer?: ChannelAuthorizer;
}

/**
 * 200 with the signature pusher-js expects, or 403 for everything else (signed out,
 * malformed, not allowed, or an unexpected failure, which is logged): never a 500, which
 * pusher-js would treat like a refusal anyway.
 */
export async function handlePusherAuth({ user, body, requestId, ip = null, authorizer }: PusherAuthRequest): Promise<PusherAuthResult> {
  if (!user) return FORBIDDEN;
  const actor: Actor = { userId: user.id, role: user.role, requestId, ip, scopeSessionId: user.scopeSessionId };
  try {
    const request = ZPusherAuthBody.safeParse(body);
    if (!request.success) {
      await recordRealtimeDenial(actor, "malformed_request", null);
      return FORBIDDEN;
    }
    const { socket_id: socketId, channel_name: channel } = request.data;
    const grant = await authorizeChannelAccess({ actor, socketId, channel });
    const signature = (authorizer ?? realtime()).authorizeChannel(socketId, channel, grant.presence);
    if (!signature) {
      // The domain accepted what the signer refuses: the two disagree on what is well formed.
      logger.error({ requestId, kind: grant.channel.kind }, "realtime.auth_signer_refused");
      return FORBIDDEN;
    }
    return { status: 200, body: signature };
  } catch (error) {
    if (isAppError(error) && error.code === "FORBIDDEN") return FORBIDDEN;
    logger.error({ error: errorForLog(error), requestId }, "realtime.auth_failed");
    return FORBIDDEN;
  }
}

const NO_STORE = { "Cache-Control": "no-store" };

/** The whole answer to a channel authorization request, for the user the caller signed in. */
export async function respondToPusherAuth(request: Request, user: SessionUser | null, options: { authorizer?: ChannelAuthorizer } = {}): Promise<Response> {
  const requestId = request.headers.get("x-request-id") ?? newRequestId();
  try {
    const raw = await readBounded(request, MAX_AUTH_BODY_BYTES);
    const result = await handlePusherAuth({
      user,
      body: raw === null ? null : parsePusherAuthBody(request.headers.get("content-type"), raw),
      requestId,
      ip: clientIp(request.headers),
      authorizer: options.authorizer,
    });
    return Response.json(result.body, { status: result.status, headers: NO_STORE });
  } catch (error) {
    // A tab that navigated away mid-request is not a failure of ours.
    const aborted = (error as { code?: string } | null)?.code === "ECONNRESET";
    if (aborted) logger.debug({ requestId }, "realtime.auth_request_aborted");
    else logger.error({ error: errorForLog(error), requestId }, "realtime.auth_route_failed");
    return Response.json(FORBIDDEN.body, { status: 403, headers: NO_STORE });
  }
}
