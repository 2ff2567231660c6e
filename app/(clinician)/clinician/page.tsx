import { Suspense } from "react";
import { PageHeader } from "@/components/layout/page-header";
import { BookConsultationButton } from "@/components/consultations/book-consultation-lazy";
import { UpcomingConsultations } from "@/components/consultations/upcoming-consultations";
import { ArrivalChimeToggle } from "@/components/waiting-room/arrival-notice";
import { Skeleton } from "@/components/ui/skeleton";
import { TID } from "@/lib/test-ids";
import { requireUser } from "@/server/auth/guards";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export const metadata = { title: "Today" };

export default async function ClinicianHome() {
  const { user } = await requireUser(["CLINICIAN"]);
  prefetch(trpc.consultations.upcoming.queryOptions({ days: 7 }));
  return (
    <HydrateClient>
      <div className="space-y-6" data-testid={TID.roleHome} data-role="clinician">
        <PageHeader
          title={`Welcome, ${user.name ?? "doctor"}`}
          description="Your consultations for the coming week. Patients in the waiting room show here as they arrive."
          actions={<BookConsultationButton />}
        />
        <section aria-labelledby="upcoming" className="space-y-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="upcoming" className="text-lg font-semibold">
              Consultations
            </h2>
            <ArrivalChimeToggle />
          </div>
          <Suspense fallback={<Skeleton className="h-32" />}>
            <UpcomingConsultations clinicianId={user.id} />
          </Suspense>
        </section>
      </div>
    </HydrateClient>
  );
}
