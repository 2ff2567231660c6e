import type { ReactNode } from "react";
import { navFor } from "@/components/auth/role-nav";
import { SignedInFrame } from "@/components/auth/signed-in-frame";
import { StaffIdleLogout } from "@/components/auth/staff-idle-logout";
import { requireUser } from "@/server/auth/guards";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const { user } = await requireUser(["ADMIN"]);
  return (
    // No admin page follows a realtime channel (statistics, audit, users… are read on demand).
    <SignedInFrame user={user} nav={navFor(user.role)} idleLogout={<StaffIdleLogout role={user.role} />}>
      {children}
    </SignedInFrame>
  );
}
