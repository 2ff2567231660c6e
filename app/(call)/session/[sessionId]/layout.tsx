import type { ReactNode } from "react";
import { navFor } from "@/components/auth/role-nav";
import { SignedInShell } from "@/components/auth/signed-in-shell";
import { VitalsAlertCenter } from "@/components/vitals/vitals-alert-center";
import { ArrivalNotice } from "@/components/waiting-room/arrival-notice";
import { requireUser } from "@/server/auth/guards";

export default async function SessionLayout({ children }: { children: ReactNode }) {
  const { user } = await requireUser(["CLINICIAN", "PATIENT", "GUEST"]);
  return (
    <SignedInShell user={user} nav={navFor(user.role)}>
      {/* Alerts reach the clinician in the call too, whatever tab of the side panel is open. */}
      {user.role === "CLINICIAN" && <VitalsAlertCenter clinicianId={user.id} />}
      {user.role === "CLINICIAN" && <ArrivalNotice clinicianId={user.id} />}
      {children}
    </SignedInShell>
  );
}
