import { HomeIcon } from "lucide-react";
import type { ReactNode } from "react";
import { SignedInShell } from "@/components/auth/signed-in-shell";
import { requireUser } from "@/server/auth/guards";

export default async function PatientLayout({ children }: { children: ReactNode }) {
  const { user } = await requireUser(["PATIENT", "GUEST"]);
  return (
    <SignedInShell user={user} nav={[{ href: "/patient", label: "Home", icon: <HomeIcon /> }]}>
      {children}
    </SignedInShell>
  );
}
