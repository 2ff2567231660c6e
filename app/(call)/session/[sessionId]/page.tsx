import { Suspense } from "react";
import { SessionRoom } from "@/components/session/session-room";
import { Skeleton } from "@/components/ui/skeleton";
import { requireUser } from "@/server/auth/guards";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

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
  prefetch(trpc.sessions.room.queryOptions({ sessionId }));
  return (
    <HydrateClient>
      <Suspense fallback={<Skeleton className="h-96" />}>
        <SessionRoom sessionId={sessionId} me={{ id: user.id }} admitOnReady={admitOnReady && user.role === "CLINICIAN"} />
      </Suspense>
    </HydrateClient>
  );
}
