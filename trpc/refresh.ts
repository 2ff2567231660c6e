import type { QueryClient, QueryFilters } from "@tanstack/react-query";

/**
 * Fetches again what a mutation or a realtime event just changed: the one way the client
 * refreshes queries (`invalidateQueries` / `refetchQueries` elsewhere fail lint).
 *
 * Why not `invalidateQueries` alone: it refetches with `cancelRefetch: true`, but
 * `Query.fetch` (query-core 5.108, `query.ts`) cancels an in-flight fetch only when the query
 * already has data; a query still on its first load is joined, not restarted. That load may
 * have been read by the server before the change, so the screen would show the old answer as
 * fresh (a device connected before the device list loaded was not listed).
 *
 * So for those queries we do what `cancelRefetch` does for queries with data: cancel the
 * in-flight fetch silently and start a new one in the same tick. A silent cancel keeps the
 * query's state (still pending and fetching: no flash of an empty list, a spinner restart
 * or an error), and whoever awaits the cancelled fetch (an observer, a suspense boundary,
 * `fetchQuery`) is handed the new fetch's promise. `cancelQueries` would not do: its default
 * `revert` puts a first load back to pending-and-idle and rejects its awaiters with a
 * `CancelledError`; without `revert` a query nobody refetches stays "fetching" for ever. The
 * cancel therefore touches only queries `invalidateQueries` is about to refetch (matching,
 * active unless `type` says otherwise, enabled, not static), and runs synchronously before it.
 */
export function refreshQueries(queryClient: QueryClient, ...filters: QueryFilters[]): Promise<void> {
  return Promise.all(filters.map((f) => refreshOne(queryClient, f))).then(() => undefined);
}

function refreshOne(queryClient: QueryClient, filters: QueryFilters): Promise<void> {
  for (const query of queryClient.getQueryCache().findAll({ ...filters, type: filters.type ?? "active" })) {
    const firstLoadInFlight = query.state.data === undefined && query.state.fetchStatus !== "idle";
    if (firstLoadInFlight && !query.isDisabled() && !query.isStatic()) void query.cancel({ silent: true });
  }
  return queryClient.invalidateQueries(filters);
}
