import type { ReactNode } from "react";
import { ROLE_HOME } from "@/lib/auth/session-policy";
import { AppShell, type NavItem } from "@/components/layout/app-shell";
import { signOut } from "@/server/auth";
import type { SessionUser } from "@/server/auth/session";
import { ViewerClock } from "@/server/time/viewer-clock";
import { LazyToaster } from "@/components/ui/lazy-toaster";

async function signOutAction() {
  "use server";
  await signOut({ redirectTo: "/signin?reason=signed-out" });
}

export interface SignedInFrameProps {
  user: SessionUser;
  nav: NavItem[];
  children: ReactNode;
  /**
   * Staff idle logoff: `<StaffIdleLogout role={user.role} />` wherever staff may be signed in,
   * `null` only where the area admits no staff (the patient's), whose pages then download none
   * of it. Required, so that no frame leaves it out by accident.
   */
  idleLogout: ReactNode;
  /** The tab's realtime connection around the frame and its indicator in the top bar. */
  realtime?: { wrap: (frame: ReactNode) => ReactNode; indicator: ReactNode };
}

/**
 * The frame of every signed-in area: navigation, sign-out and, for staff, idle logoff; every
 * time inside is in the viewer's zone. Without realtime for an area whose pages follow no
 * channel (the admin console): this module imports nothing of it, so such pages do not
 * download pusher-js — `SignedInShell` adds it for the others. Nor the tRPC client with
 * react-query and superjson (18 KiB gz): a client component is downloaded where it is
 * imported, rendered or not, so `SignedInShell` mounts it, and the admin console's pages
 * that have forms wrap those in `TRPCReactProvider` themselves.
 */
export function SignedInFrame({ user, nav, children, idleLogout, realtime }: SignedInFrameProps) {
  const frame = (
    <>
      <AppShell
        user={{ name: user.name ?? user.email, role: user.role }}
        nav={nav}
        homeHref={ROLE_HOME[user.role]}
        onSignOutAction={signOutAction}
        connectionSlot={realtime?.indicator}
      >
        {children}
        {idleLogout}
      </AppShell>
      <LazyToaster />
    </>
  );
  return <ViewerClock>{realtime ? realtime.wrap(frame) : frame}</ViewerClock>;
}
