import "server-only";
import { errorResponse } from "@/server/http/error-response";
import { readBounded } from "@/server/http/read-bounded";
import { logger } from "@/server/logger";
import { newRequestId } from "@/server/request-id";

// One shape for every provider webhook (LiveKit, the realtime server): a bounded body read
// before anything else, the provider's signature checked by the domain, and one answer per
// outcome: 413 for an oversized body, 401 for anything the provider did not sign, 200 with
// the outcome once handled, and the shared error mapping otherwise (a database outage is
// 503 + Retry-After, which makes the provider retry; an unexpected error is 500 with a
// reference and nothing of the body in the log).

export interface WebhookRouteOptions<T> {
  /** Log events are `${name}.webhook_rejected` and `${name}.webhook_failed`. */
  name: string;
  /** The largest body the provider sends, in bytes. */
  maxBytes: number;
  /** Verifies and applies the webhook; throws what `isRejected` recognises for a bad signature. */
  handle: (input: { body: string; headers: Headers; requestId: string }) => Promise<T>;
  /** True for the domain's "not signed by the provider" error (a brand, never a class check). */
  isRejected: (error: unknown) => boolean;
}

const tooLarge = () => Response.json({ error: "payload_too_large" }, { status: 413 });

export function webhookRoute<T>(options: WebhookRouteOptions<T>): (req: Request) => Promise<Response> {
  return async (req) => {
    const requestId = req.headers.get("x-request-id") ?? newRequestId();
    const body = await readBounded(req, options.maxBytes);
    if (body === null) return tooLarge();
    try {
      const outcome = await options.handle({ body, headers: req.headers, requestId });
      return Response.json({ ok: true, outcome });
    } catch (error) {
      if (options.isRejected(error)) {
        logger.warn({ requestId }, `${options.name}.webhook_rejected`);
        return Response.json({ error: "invalid_signature" }, { status: 401 });
      }
      return errorResponse(error, {
        requestId,
        event: `${options.name}.webhook_failed`,
        internalBody: (ref) => ({ error: "processing_failed", requestId: ref }),
      });
    }
  };
}
