// tRPC over Next's handler. The production server answers /api/trpc/* on node:http before Next
// (server/http/fast-path.ts) whenever proxy.ts would pass the request without Auth.js; this
// route serves `next dev` and the requests handed to Next (no session, a cookie to slide).
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { NextRequest } from "next/server";
import { trpcRouteOptions } from "@/server/api/route-options";
import { createTRPCContext } from "@/server/api/trpc";
import { crossSiteOrigin, crossSiteRefusal } from "@/server/http/same-origin";

const handler = async (req: NextRequest) => {
  // Mutations are POSTs: one sent by another site's page is refused before any work (CSRF).
  if (req.method !== "GET" && crossSiteOrigin(req.headers)) return crossSiteRefusal();
  return fetchRequestHandler({ ...trpcRouteOptions, req, createContext: () => createTRPCContext({ headers: req.headers }) });
};

export { handler as GET, handler as POST };
