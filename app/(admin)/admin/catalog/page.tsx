import { env } from "@/env";
import { CatalogManager } from "@/components/billing/catalog-manager";
import { PageHeader } from "@/components/layout/page-header";
import { TRPCReactProvider } from "@/trpc/react";

export const metadata = { title: "Service catalog" };

export default function CatalogPage() {
  return (
    <div className="space-y-6">
      <PageHeader title="Service catalog" description="What can be charged to a visit. Inactive items cannot be charged." />
      <TRPCReactProvider>
        <CatalogManager defaultCurrency={env.CLINIC_CURRENCY} />
      </TRPCReactProvider>
    </div>
  );
}
