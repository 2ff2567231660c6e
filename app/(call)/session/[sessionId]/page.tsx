import { Suspense } from "react";
import { SessionRoom } from "@/components/session/session-room";
import { Skeleton } from "@/components/ui/skeleton";
import { requireUser } from "@/server/auth/guards";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export const metadata = { title: "Video visit" };

export default async function SessionPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  const { user } = await requireUser(["CLINICIAN", "PATIENT", "GUEST"]);
  prefetch(trpc.sessions.room.queryOptions({ sessionId }));
  return (
    <HydrateClient>
      <Suspense fallback={<Skeleton className="h-96" />}>
        <SessionRoom sessionId={sessionId} me={{ id: user.id }} />
      </Suspense>
    </HydrateClient>
  );
}
