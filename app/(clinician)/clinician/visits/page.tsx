import { PageHeader } from "@/components/layout/page-header";
import { VisitsList } from "@/components/visits/visits-list";

export const metadata = { title: "Visits" };

export default function ClinicianVisitsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Visits" description="Your patients' encounters: open ones first." />
      <VisitsList audience="staff" />
    </div>
  );
}
