// The tRPC HTTP endpoint's settings, shared by Next's route (app/api/trpc/[trpc]/route.ts, fetch
// adapter) and the production server's node:http route (server/http/fast-path.ts).
import "server-only";
import { appRouter } from "@/server/api/root";
import { retryAfterHeader } from "@/server/api/trpc";

export const trpcRouteOptions = {
  endpoint: "/api/trpc",
  router: appRouter,
  responseMeta: ({ errors }: { errors: Parameters<typeof retryAfterHeader>[0] }) => ({ headers: retryAfterHeader(errors) }),
};
