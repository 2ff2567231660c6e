import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { isDatabaseUnavailable } from "@/server/errors";
import { noteDatabaseUnreachable, PAGE_PATH_HEADER } from "./database-outage";

// For server components (pages, layouts) and server actions: a database outage met while
// rendering becomes a redirect to the page's own address, which proxy.ts then answers with
// the 503 + Retry-After outage page (server/http/database-outage.ts). Thrown on, it would be
// Next's 500 error page. Any other error goes on unchanged.

/**
 * A function that turns a database outage into that redirect (it throws Next's redirect) and
 * returns for any other error. Synchronous once made, for callbacks such as tRPC's onError.
 */
export async function pageOutageRedirect(): Promise<(error: unknown) => void> {
  const path = (await headers()).get(PAGE_PATH_HEADER);
  // Only a path of this site: never `//host` or a full URL (no open redirect).
  const ownPath = path && path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : null;
  return (error) => {
    if (!ownPath || !isDatabaseUnavailable(error)) return;
    // The adapter (server/db.ts) has noted it when the failure came through it; pool timeouts
    // (P2024/P2028) do not, and the redirect must find the record set or it would come back here.
    noteDatabaseUnreachable();
    redirect(ownPath);
  };
}

export async function rethrowForPage(error: unknown): Promise<never> {
  (await pageOutageRedirect())(error);
  throw error;
}

/** `await pageData(() => loadSomething())`: one page-level read with the outage redirect around it. */
export function pageData<T>(load: () => Promise<T>): Promise<T> {
  return load().catch(rethrowForPage);
}
