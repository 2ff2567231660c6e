import { BellRingIcon, CalendarDaysIcon, UsersIcon } from "lucide-react";
import type { ReactNode } from "react";
import { SignedInShell } from "@/components/auth/signed-in-shell";
import { VitalsAlertCenter } from "@/components/vitals/vitals-alert-center";
import { requireUser } from "@/server/auth/guards";

export default async function ClinicianLayout({ children }: { children: ReactNode }) {
  const { user } = await requireUser(["CLINICIAN"]);
  return (
    <SignedInShell
      user={user}
      nav={[
        { href: "/clinician", label: "Today", icon: <CalendarDaysIcon /> },
        { href: "/clinician/patients", label: "Patients", icon: <UsersIcon /> },
        { href: "/clinician/alerts", label: "Alerts", icon: <BellRingIcon /> },
      ]}
    >
      <VitalsAlertCenter clinicianId={user.id} />
      {children}
    </SignedInShell>
  );
}
