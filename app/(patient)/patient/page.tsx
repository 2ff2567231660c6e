import { Suspense } from "react";
import { PageHeader } from "@/components/layout/page-header";
import { UpcomingConsultations } from "@/components/consultations/upcoming-consultations";
import { Skeleton } from "@/components/ui/skeleton";
import { TID } from "@/lib/test-ids";
import { requireUser } from "@/server/auth/guards";
import { findOwnPatientId } from "@/server/patients/find-own-patient";
import { pageData } from "@/server/http/page-outage";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export const metadata = { title: "Home" };

export default async function PatientHome() {
  const { user } = await requireUser(["PATIENT", "GUEST"]);
  const patientId = await pageData(() => findOwnPatientId(user.id));
  prefetch(trpc.consultations.upcoming.queryOptions({ days: 7 }));
  return (
    <HydrateClient>
      <div className="space-y-6" data-testid={TID.roleHome} data-role="patient">
        <PageHeader title={`Hello, ${user.name?.split(" ")[0] ?? "there"}`} description="Your upcoming video visits." />
        <Suspense fallback={<Skeleton className="h-32" />}>
          <UpcomingConsultations audience="patient" patientId={patientId ?? undefined} />
        </Suspense>
      </div>
    </HydrateClient>
  );
}
