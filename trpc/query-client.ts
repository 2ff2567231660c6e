import { defaultShouldDehydrateQuery, MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { wireJson } from "@/lib/trpc/wire-json";
import { isSigningOut } from "@/lib/auth/signing-out";

/** The server ended this browser's session (signed out elsewhere, deactivated, idle). */
function onSessionEnded(err: unknown) {
  const code = (err as { data?: { code?: string } })?.data?.code;
  // A full page load, not router.push: /session-ended clears the cookie server-side, and this
  // runs in a query cache outside any component (no router here).
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- see above: a full load is the point
  if (code === "UNAUTHORIZED" && typeof window !== "undefined" && !isSigningOut()) window.location.assign("/session-ended");
}

/**
 * `serializeData`: how the server writes queries it dehydrates for the page (trpc/server.ts
 * passes the tRPC transformer's, superjson's format); the browser reads them with
 * `lib/trpc/wire-json.ts`, which decodes that format without superjson.
 */
export function createQueryClient(serializeData?: (data: unknown) => unknown) {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onSessionEnded }),
    mutationCache: new MutationCache({ onError: onSessionEnded }),
    defaultOptions: {
      queries: { staleTime: 30_000, retry: (count, err) => count < 2 && !isClientError(err) },
      dehydrate: {
        serializeData,
        shouldDehydrateQuery: (q) => defaultShouldDehydrateQuery(q) || q.state.status === "pending",
      },
      hydrate: { deserializeData: (data) => wireJson.deserialize(data as never) },
    },
  });
}

function isClientError(err: unknown): boolean {
  const status = (err as { data?: { httpStatus?: number } })?.data?.httpStatus;
  return typeof status === "number" && status >= 400 && status < 500;
}
