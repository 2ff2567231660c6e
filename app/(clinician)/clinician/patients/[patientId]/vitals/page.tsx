import { VitalsView } from "@/components/vitals/vitals-view";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export const metadata = { title: "Vitals" };

export default async function ClinicianPatientVitalsPage({ params }: { params: Promise<{ patientId: string }> }) {
  const { patientId } = await params;
  prefetch(trpc.vitals.summary.queryOptions({ patientId }));
  return (
    <HydrateClient>
      <VitalsView patientId={patientId} />
    </HydrateClient>
  );
}
