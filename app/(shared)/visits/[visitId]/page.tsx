import { Suspense } from "react";
import { VisitDetail } from "@/components/visits/visit-detail";
import { Skeleton } from "@/components/ui/skeleton";
import { requireUser } from "@/server/auth/guards";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export const metadata = { title: "Visit" };

export default async function VisitPage({ params }: { params: Promise<{ visitId: string }> }) {
  const { visitId } = await params;
  const { user } = await requireUser(["CLINICIAN", "PATIENT", "ADMIN"]);
  prefetch(trpc.visits.get.queryOptions({ visitId }));
  const viewer = user.role === "CLINICIAN" ? "clinician" : user.role === "ADMIN" ? "admin" : "patient";
  return (
    <HydrateClient>
      <Suspense fallback={<Skeleton className="h-64" />}>
        <VisitDetail visitId={visitId} viewer={viewer} />
      </Suspense>
    </HydrateClient>
  );
}
