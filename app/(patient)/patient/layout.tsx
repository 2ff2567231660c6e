import type { ReactNode } from "react";
import { navFor } from "@/components/auth/role-nav";
import { SignedInShell } from "@/components/auth/signed-in-shell";
import { VitalsRequestBanner } from "@/components/vitals/vitals-request-banner";
import { requireUser } from "@/server/auth/guards";
import { serverCaller } from "@/trpc/server-caller";

export default async function PatientLayout({ children }: { children: ReactNode }) {
  const { user } = await requireUser(["PATIENT", "GUEST"]);
  // A patient without a linked record yet simply has no vitals features.
  const mine = user.role === "PATIENT" ? await (await serverCaller()).vitals.mine().catch(() => null) : null;
  return (
    <SignedInShell user={user} nav={navFor(user.role)}>
      {mine ? <VitalsRequestBanner patientId={mine.patientId} /> : null}
      {children}
    </SignedInShell>
  );
}
