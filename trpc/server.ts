import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, createElement, type ReactNode } from "react";
import { appRouter, createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { pageOutageRedirect, rethrowForPage } from "@/server/http/page-outage";
import { createQueryClient } from "./query-client";

const createContext = cache(async () => {
  const h = new Headers(await headers());
  h.set("x-trpc-source", "rsc");
  return createTRPCContext({ headers: h });
});

export const getQueryClient = cache(createQueryClient);

/** For server components: `prefetch(trpc.x.queryOptions())` then render <HydrateClient>. */
export const trpc = createTRPCOptionsProxy({ ctx: createContext, router: appRouter, queryClient: getQueryClient });

/**
 * Direct server-side calls (no cache hydration). A database outage, in the context's session
 * lookup or in a call, redirects the page to the 503 outage page (server/http/page-outage.ts).
 */
export const serverCaller = async () => {
  const ctx = await createContext().catch(rethrowForPage);
  const onOutage = await pageOutageRedirect();
  return createCaller(ctx, { onError: ({ error }) => onOutage(error) });
};

export function HydrateClient({ children }: { children: ReactNode }) {
  return createElement(HydrationBoundary, { state: dehydrate(getQueryClient()) }, children);
}

export function prefetch<T extends { queryKey: readonly unknown[] }>(queryOptions: T) {
  void getQueryClient().prefetchQuery(queryOptions as never);
}
