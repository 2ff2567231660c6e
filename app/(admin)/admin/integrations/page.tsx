import { EhrTokensCard } from "@/components/admin/ehr-tokens-card";
import { PageHeader } from "@/components/layout/page-header";
import { fhirBaseUrl } from "@/server/fhir/search-fhir-resources";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { TRPCReactProvider } from "@/trpc/react";

export const metadata = { title: "Integrations" };
export const dynamic = "force-dynamic";

/** Connections to other systems: EHR tokens for the FHIR R4 read API. */
export default async function AdminIntegrationsPage() {
  prefetch(trpc.admin.ehrTokens.queryOptions());
  prefetch(trpc.admin.staff.queryOptions());
  return (
    <div className="space-y-6">
      <PageHeader title="Integrations" description="Systems that read from Bedside. Each connection has its own token, and each read it makes is audited." />
      <TRPCReactProvider>
        <HydrateClient>
          <EhrTokensCard fhirBaseUrl={fhirBaseUrl()} />
        </HydrateClient>
      </TRPCReactProvider>
    </div>
  );
}
