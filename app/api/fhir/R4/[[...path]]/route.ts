// FHIR R4 read API (`/api/fhir/R4/...`): everything is in server/fhir/handle-fhir-request.ts.
import { getSessionUser } from "@/server/auth/session";
import { clientIp } from "@/server/auth/signin-rate-limit";
import { handleFhirRequest } from "@/server/fhir/handle-fhir-request";
import { newRequestId } from "@/server/request-id";

export const dynamic = "force-dynamic";

// Clients may send `$everything` as `%24everything`; a stray `%` must not become a 500.
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function handle(req: Request, { params }: { params: Promise<{ path?: string[] }> }) {
  const { path = [] } = await params;
  return handleFhirRequest({
    method: req.method,
    url: new URL(req.url),
    path: path.map(safeDecode),
    authorization: req.headers.get("authorization"),
    requestId: newRequestId(),
    ip: clientIp(req.headers),
    sessionUser: getSessionUser,
  });
}

export { handle as GET, handle as HEAD, handle as POST, handle as PUT, handle as PATCH, handle as DELETE };
