import { PageHeader } from "@/components/layout/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { TID } from "@/lib/test-ids";
import { serverCaller } from "@/trpc/server";

export const metadata = { title: "Overview" };

export default async function AdminHome() {
  const overview = await (await serverCaller()).admin.overview();
  const tiles = [
    { label: "Clinicians", value: overview.clinicians },
    { label: "Patients", value: overview.patients },
    { label: "Open visits", value: overview.openVisits },
    { label: "Consultations today (UTC)", value: overview.consultationsToday },
    { label: "Open technical issues", value: overview.openIssues },
    { label: "Administrators", value: overview.admins },
  ];
  return (
    <div className="space-y-6" data-testid={TID.roleHome} data-role="admin">
      <PageHeader title="Clinic overview" description="How the service is running today." />
      <div className="grid grid-cols-2 gap-4 md:grid-cols-3">
        {tiles.map((t) => (
          <Card key={t.label}>
            <CardHeader>
              <CardDescription>{t.label}</CardDescription>
              <CardTitle className="text-3xl tabular-nums">{t.value}</CardTitle>
            </CardHeader>
            <CardContent />
          </Card>
        ))}
      </div>
    </div>
  );
}
