import { Suspense } from "react";
import { PageHeader } from "@/components/layout/page-header";
import { PatientConsultations } from "@/components/consultations/patient-consultations";
import { Skeleton } from "@/components/ui/skeleton";
import { TID } from "@/lib/test-ids";
import { requireUser } from "@/server/auth/guards";
import { findOwnPatientId } from "@/server/patients/find-own-patient";
import { pageData } from "@/server/http/page-outage";
import { serverCaller } from "@/trpc/server-caller";

export const metadata = { title: "Home" };

export default async function PatientHome() {
  const { user } = await requireUser(["PATIENT", "GUEST"]);
  const patientId = await pageData(() => findOwnPatientId(user.id));
  return (
    <div className="space-y-6" data-testid={TID.roleHome} data-role="patient">
      <PageHeader title={`Hello, ${user.name?.split(" ")[0] ?? "there"}`} description="Your upcoming video visits." />
      <Suspense fallback={<Skeleton className="h-32" />}>
        <Upcoming patientId={patientId} />
      </Suspense>
    </div>
  );
}

// Read on the server (the procedure's own read and audit) and refreshed on the patient's
// channel: the patient's home downloads no tRPC client or react-query.
async function Upcoming({ patientId }: { patientId: string | null }) {
  const upcoming = await (await serverCaller()).consultations.upcoming({ days: 7 });
  return <PatientConsultations upcoming={upcoming} patientId={patientId} />;
}
