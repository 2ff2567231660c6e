import type { ReactNode } from "react";
import { navFor } from "@/components/auth/role-nav";
import { SignedInShell } from "@/components/auth/signed-in-shell";
import { requireUser } from "@/server/auth/guards";

export default async function SessionLayout({ children }: { children: ReactNode }) {
  const { user } = await requireUser(["CLINICIAN", "PATIENT", "GUEST"]);
  return (
    <SignedInShell user={user} nav={navFor(user.role)}>
      {children}
    </SignedInShell>
  );
}
