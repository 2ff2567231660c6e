import type { ReactNode } from "react";
import { env } from "@/env";
import { isStaff, ROLE_HOME } from "@/lib/auth/session-policy";
import { AppShell, type NavItem } from "@/components/layout/app-shell";
import { ConnectionIndicator } from "@/components/realtime/connection-indicator";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { signOut } from "@/server/auth";
import type { SessionUser } from "@/server/auth/session";
import { getRealtimeClientConfig } from "@/server/realtime/client-config";
import { ViewerClock } from "@/server/time/viewer-clock";
import { LazyToaster } from "@/components/ui/lazy-toaster";
import { TRPCReactProvider } from "@/trpc/react";
import { IdleLogout } from "./idle-logout";

async function signOutAction() {
  "use server";
  await signOut({ redirectTo: "/signin?reason=signed-out" });
}

/**
 * The frame of every signed-in area: navigation, sign-out, the tab's realtime connection
 * with its indicator and, for staff, idle logoff; every time inside is in the viewer's zone.
 */
export function SignedInShell({ user, nav, children }: { user: SessionUser; nav: NavItem[]; children: ReactNode }) {
  return (
    <TRPCReactProvider>
      <ViewerClock>
        <RealtimeProvider config={getRealtimeClientConfig()}>
          <AppShell
            user={{ name: user.name ?? user.email, role: user.role }}
            nav={nav}
            homeHref={ROLE_HOME[user.role]}
            onSignOutAction={signOutAction}
            connectionSlot={<ConnectionIndicator />}
          >
            {children}
            {isStaff(user.role) && <IdleLogout timeoutMs={env.STAFF_IDLE_TIMEOUT_MINUTES * 60_000} />}
          </AppShell>
          <LazyToaster />
        </RealtimeProvider>
      </ViewerClock>
    </TRPCReactProvider>
  );
}
