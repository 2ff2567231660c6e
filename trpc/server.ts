import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { cache, createElement, type ReactNode } from "react";
import { appRouter } from "@/server/api/root";
import { transformer } from "@/server/api/transformer";
import { createContext } from "./server-caller";
import { createQueryClient } from "./query-client";

// serverCaller (direct calls, no hydration) is in ./server-caller.
export const getQueryClient = cache(() => createQueryClient(transformer.serialize));

/** For server components: `prefetch(trpc.x.queryOptions())` then render <HydrateClient>. */
export const trpc = createTRPCOptionsProxy({ ctx: createContext, router: appRouter, queryClient: getQueryClient });

export function HydrateClient({ children }: { children: ReactNode }) {
  return createElement(HydrationBoundary, { state: dehydrate(getQueryClient()) }, children);
}

export function prefetch<T extends { queryKey: readonly unknown[] }>(queryOptions: T) {
  void getQueryClient().prefetchQuery(queryOptions as never);
}
