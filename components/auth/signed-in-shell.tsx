import { TRPCReactProvider } from "@/trpc/react";
import type { SignedInFrameProps } from "./signed-in-frame";
import { RealtimeShell } from "./realtime-shell";
import { StaffIdleLogout } from "./staff-idle-logout";

/**
 * The signed-in frame with the tRPC client, the tab's realtime connection and its indicator
 * (every area but the admin console and the patient's), and staff idle logoff: these areas
 * admit staff.
 */
export function SignedInShell(props: Omit<SignedInFrameProps, "realtime" | "idleLogout">) {
  return (
    <TRPCReactProvider>
      <RealtimeShell {...props} idleLogout={<StaffIdleLogout role={props.user.role} />} />
    </TRPCReactProvider>
  );
}
