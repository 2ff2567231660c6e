import type { ReactNode } from "react";
import { unstable_rethrow } from "next/navigation";
import { navFor } from "@/components/auth/role-nav";
import { RealtimeShell } from "@/components/auth/realtime-shell";
import { VitalsRequestBanner } from "@/components/vitals/vitals-request-banner";
import { requireUser } from "@/server/auth/guards";
import { serverCaller } from "@/trpc/server-caller";

export default async function PatientLayout({ children }: { children: ReactNode }) {
  const { user } = await requireUser(["PATIENT", "GUEST"]);
  const caller = await serverCaller();
  // A patient without a linked record yet simply has no vitals features.
  const mine = user.role === "PATIENT" ? await caller.vitals.mine().catch(() => null) : null;
  // The banner's request is read here and refreshed on the patient's channel (the banner's
  // useServerRefresh). A failed read shows no banner, as the client query did; an outage
  // still redirects.
  const pending = mine
    ? await caller.vitals.requests.pending({ patientId: mine.patientId }).catch((e: unknown) => {
        unstable_rethrow(e);
        return [];
      })
    : [];
  const open = pending[0];
  // No tRPC client in this area's frame: the home renders its reads on the server; the pages
  // with client queries or forms (visits, vitals) mount TRPCReactProvider themselves.
  return (
    // No staff idle logoff: this area admits patients and guests only (requireUser above), so its
    // pages do not download it.
    <RealtimeShell user={user} nav={navFor(user.role)} idleLogout={null}>
      {mine ? <VitalsRequestBanner patientId={mine.patientId} request={open ? { id: open.id, requestedByName: open.requestedByName } : null} /> : null}
      {children}
    </RealtimeShell>
  );
}
