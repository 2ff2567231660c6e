import { TRPCReactProvider } from "@/trpc/react";
import type { SignedInFrameProps } from "./signed-in-frame";
import { RealtimeShell } from "./realtime-shell";

/** The signed-in frame with the tRPC client, the tab's realtime connection and its indicator (every area but the admin console and the patient's). */
export function SignedInShell(props: Omit<SignedInFrameProps, "realtime">) {
  return (
    <TRPCReactProvider>
      <RealtimeShell {...props} />
    </TRPCReactProvider>
  );
}
