import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { NextRequest } from "next/server";
import { appRouter } from "@/server/api/root";
import { createTRPCContext, retryAfterHeader } from "@/server/api/trpc";
import { crossSiteOrigin, crossSiteRefusal } from "@/server/http/same-origin";

const handler = async (req: NextRequest) => {
  // Mutations are POSTs: one sent by another site's page is refused before any work (CSRF).
  if (req.method !== "GET" && crossSiteOrigin(req.headers)) return crossSiteRefusal();
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers }),
    responseMeta: ({ errors }) => ({ headers: retryAfterHeader(errors) }),
  });
};

export { handler as GET, handler as POST };
