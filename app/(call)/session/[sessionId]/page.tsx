import { Suspense } from "react";
import { SessionRoom } from "@/components/session/session-room";
import { SessionUnavailable } from "@/components/session/session-unavailable";
import { Skeleton } from "@/components/ui/skeleton";
import { requireUser } from "@/server/auth/guards";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const metadata = { title: "Video visit" };

export default async function SessionPage({
  params,
  searchParams,
}: {
  params: Promise<{ sessionId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { sessionId } = await params;
  // From "Admit" on the Today list: start and admit once the clinician's devices are checked.
  const admitOnReady = (await searchParams).admit === "1";
  const { user } = await requireUser(["CLINICIAN", "PATIENT", "GUEST"]);
  return (
    <Suspense fallback={<Skeleton className="h-96" />}>
      <LoadedSessionRoom sessionId={sessionId} userId={user.id} admitOnReady={admitOnReady && user.role === "CLINICIAN"} />
    </Suspense>
  );
}

/**
 * The room is loaded here, on the server, before the client component renders: a prefetch
 * left pending and then refused (an unknown or someone else's session) made the client's
 * own query run during the server render, with a relative URL it cannot fetch there.
 */
async function LoadedSessionRoom({ sessionId, userId, admitOnReady }: { sessionId: string; userId: string; admitOnReady: boolean }) {
  try {
    // No retry: the server's answer is final here (the client retries a failure itself).
    await getQueryClient().fetchQuery({ ...trpc.sessions.room.queryOptions({ sessionId }), retry: false });
  } catch (error) {
    // Someone else's session answers exactly like a missing one (NOT_FOUND), and so does a
    // link whose id is not a session id at all; anything else goes to the error boundary,
    // which offers to try again. The code is read as data: a class check on the error does not hold
    // across Next's server bundles.
    const code = (error as { code?: unknown } | null)?.code;
    if (code === "NOT_FOUND" || code === "BAD_REQUEST") return <SessionUnavailable notFound />;
    throw error;
  }
  return (
    <HydrateClient>
      <SessionRoom sessionId={sessionId} me={{ id: userId }} admitOnReady={admitOnReady} />
    </HydrateClient>
  );
}
