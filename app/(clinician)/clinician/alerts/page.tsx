import { PageHeader } from "@/components/layout/page-header";
import { VitalsAlertsInbox } from "@/components/vitals/vitals-alerts-inbox";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";

export const metadata = { title: "Vitals alerts" };

export default function ClinicianAlertsPage() {
  prefetch(trpc.vitals.alerts.list.queryOptions({}));
  return (
    <HydrateClient>
      <PageHeader title="Vitals alerts" description="Open alerts on patients in your care, newest first. Acknowledge each once you have acted." />
      <VitalsAlertsInbox />
    </HydrateClient>
  );
}
