import { CalendarDaysIcon, UsersIcon } from "lucide-react";
import type { ReactNode } from "react";
import { SignedInShell } from "@/components/auth/signed-in-shell";
import { requireUser } from "@/server/auth/guards";

export default async function ClinicianLayout({ children }: { children: ReactNode }) {
  const { user } = await requireUser(["CLINICIAN"]);
  return (
    <SignedInShell
      user={user}
      nav={[
        { href: "/clinician", label: "Today", icon: <CalendarDaysIcon /> },
        { href: "/clinician/patients", label: "Patients", icon: <UsersIcon /> },
      ]}
    >
      {children}
    </SignedInShell>
  );
}
