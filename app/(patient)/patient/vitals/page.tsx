import { Alert } from "@/components/ui/alert";
import { VitalsView } from "@/components/vitals/vitals-view";
import { requireUser } from "@/server/auth/guards";
import { isAppError } from "@/server/errors";
import { HydrateClient, prefetch, trpc } from "@/trpc/server";
import { serverCaller } from "@/trpc/server-caller";
import { TRPCReactProvider } from "@/trpc/react";

export const metadata = { title: "My vitals" };

export default async function PatientVitalsPage() {
  await requireUser(["PATIENT"]);
  const mine = await (await serverCaller()).vitals.mine().catch((e: unknown) => {
    const cause = (e as { cause?: unknown }).cause;
    if (isAppError(cause)) return { error: cause.message };
    throw e;
  });
  if ("error" in mine) return <Alert variant="warning">{mine.error}</Alert>;
  prefetch(trpc.vitals.summary.queryOptions({ patientId: mine.patientId }));
  return (
    <TRPCReactProvider>
      <HydrateClient>
        <VitalsView patientId={mine.patientId} />
      </HydrateClient>
    </TRPCReactProvider>
  );
}
