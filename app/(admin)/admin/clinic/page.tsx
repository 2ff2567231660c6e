import { ClinicHoursForm } from "@/components/admin/clinic-hours-form";
import { PageHeader } from "@/components/layout/page-header";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { TRPCReactProvider } from "@/trpc/react";

export const metadata = { title: "Clinic hours" };
export const dynamic = "force-dynamic";

/** The clinic's day: when clinicians can be booked, in slots of what length. */
export default function AdminClinicPage() {
  prefetch(trpc.admin.clinicHours.queryOptions());
  return (
    <div className="space-y-6">
      <PageHeader
        title="Clinic hours"
        description="When consultations can be booked and how long one slot is. The booking dialog offers free slots within these hours, in each clinician's own time zone."
      />
      <TRPCReactProvider>
        <HydrateClient>
          <ClinicHoursForm />
        </HydrateClient>
      </TRPCReactProvider>
    </div>
  );
}
