import { LayoutDashboardIcon, MailIcon } from "lucide-react";
import type { ReactNode } from "react";
import { SignedInShell } from "@/components/auth/signed-in-shell";
import { requireUser } from "@/server/auth/guards";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const { user } = await requireUser(["ADMIN"]);
  return (
    <SignedInShell user={user} nav={[
        { href: "/admin", label: "Overview", icon: <LayoutDashboardIcon /> },
        { href: "/admin/emails", label: "Emails", icon: <MailIcon /> },
      ]}>
      {children}
    </SignedInShell>
  );
}
