import { PageHeader } from "@/components/layout/page-header";
import { VisitsList } from "@/components/visits/visits-list";
import { TRPCReactProvider } from "@/trpc/react";

export const metadata = { title: "My visits" };

export default function PatientVisitsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="My visits" description="Your visits, their video sessions and bills." />
      <TRPCReactProvider>
        <VisitsList audience="patient" />
      </TRPCReactProvider>
    </div>
  );
}
