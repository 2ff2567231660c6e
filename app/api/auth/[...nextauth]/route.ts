import type { NextRequest } from "next/server";
import { handlers } from "@/server/auth";
import { limitSignInAttempt } from "@/server/auth/signin-rate-limit";
import { errorResponse } from "@/server/http/error-response";
import { newRequestId } from "@/server/request-id";

// Sign-in, sign-out, session and CSRF. What Auth.js does not answer itself (the sign-in rate
// limit and the session checks read PostgreSQL) goes through the one error mapping: with the
// database unreachable a browser gets 503 + Retry-After, not a 500.
async function answer(req: NextRequest, handle: () => Promise<Response>) {
  try {
    return await handle();
  } catch (error) {
    return errorResponse(error, { requestId: req.headers.get("x-request-id") ?? newRequestId(), event: "auth.route_failed" });
  }
}

export function GET(req: NextRequest) {
  return answer(req, () => handlers.GET(req));
}

export function POST(req: NextRequest) {
  return answer(req, async () => (await limitSignInAttempt(req)) ?? (await handlers.POST(req)));
}
