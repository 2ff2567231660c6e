import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { pageOutageRedirect, rethrowForPage } from "@/server/http/page-outage";

// Apart from trpc/server.ts because that module imports react-query's HydrationBoundary, a
// client component: a page importing it downloads react-query even when it only calls the
// server (the admin console's pages).
export const createContext = cache(async () => {
  const h = new Headers(await headers());
  h.set("x-trpc-source", "rsc");
  return createTRPCContext({ headers: h });
});

/**
 * Direct server-side calls (no cache hydration). A database outage, in the context's session
 * lookup or in a call, redirects the page to the 503 outage page (server/http/page-outage.ts).
 */
export const serverCaller = async () => {
  const ctx = await createContext().catch(rethrowForPage);
  const onOutage = await pageOutageRedirect();
  return createCaller(ctx, { onError: ({ error }) => onOutage(error) });
};
