import { PageHeader } from "@/components/layout/page-header";
import { PatientsTable } from "@/components/patients/patients-table";

export const metadata = { title: "Patients" };

export default function ClinicianPatientsPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Patients" description="Patients in your care." />
      <PatientsTable />
    </div>
  );
}
