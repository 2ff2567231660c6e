import type { ReactNode } from "react";
import { navFor } from "@/components/auth/role-nav";
import { SignedInShell } from "@/components/auth/signed-in-shell";
import { VitalsAlertCenter } from "@/components/vitals/vitals-alert-center";
import { ArrivalNotice } from "@/components/waiting-room/arrival-notice";
import { requireUser } from "@/server/auth/guards";

export default async function ClinicianLayout({ children }: { children: ReactNode }) {
  const { user } = await requireUser(["CLINICIAN"]);
  return (
    <SignedInShell user={user} nav={navFor(user.role)}>
      <VitalsAlertCenter clinicianId={user.id} />
      <ArrivalNotice clinicianId={user.id} />
      {children}
    </SignedInShell>
  );
}
