import { ConnectionIndicator } from "@/components/realtime/connection-indicator";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { getRealtimeClientConfig } from "@/server/realtime/client-config";
import { TRPCReactProvider } from "@/trpc/react";
import { SignedInFrame, type SignedInFrameProps } from "./signed-in-frame";

/** The signed-in frame with the tRPC client, the tab's realtime connection and its indicator (every area but the admin console). */
export function SignedInShell(props: Omit<SignedInFrameProps, "realtime">) {
  return (
    <TRPCReactProvider>
      <SignedInFrame
        {...props}
        realtime={{
          wrap: (frame) => <RealtimeProvider config={getRealtimeClientConfig()}>{frame}</RealtimeProvider>,
          indicator: <ConnectionIndicator />,
        }}
      />
    </TRPCReactProvider>
  );
}
