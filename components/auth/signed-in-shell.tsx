import type { ReactNode } from "react";
import { env } from "@/env";
import { isStaff, ROLE_HOME } from "@/lib/auth/session-policy";
import { AppShell, type NavItem } from "@/components/layout/app-shell";
import { signOut } from "@/server/auth";
import type { SessionUser } from "@/server/auth/session";
import { IdleLogout } from "./idle-logout";

async function signOutAction() {
  "use server";
  await signOut({ redirectTo: "/signin?reason=signed-out" });
}

/** The frame of every signed-in area: navigation, sign-out and, for staff, idle logoff. */
export function SignedInShell({ user, nav, children }: { user: SessionUser; nav: NavItem[]; children: ReactNode }) {
  return (
    <AppShell
      user={{ name: user.name ?? user.email, role: user.role }}
      nav={nav}
      homeHref={ROLE_HOME[user.role]}
      onSignOutAction={signOutAction}
    >
      {children}
      {isStaff(user.role) && <IdleLogout timeoutMs={env.STAFF_IDLE_TIMEOUT_MINUTES * 60_000} />}
    </AppShell>
  );
}
