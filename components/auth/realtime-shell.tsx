import { ConnectionIndicator } from "@/components/realtime/connection-indicator";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { getRealtimeClientConfig } from "@/server/realtime/client-config";
import { SignedInFrame, type SignedInFrameProps } from "./signed-in-frame";

/**
 * The signed-in frame with the tab's realtime connection and its indicator, without the tRPC
 * client: for areas whose pages render their reads on the server and refresh them on events
 * (`useServerRefresh`), such as the patient's. A page there with client queries or forms wraps
 * them in `TRPCReactProvider` itself; `SignedInShell` is this with the provider around it.
 */
export function RealtimeShell(props: Omit<SignedInFrameProps, "realtime">) {
  return (
    <SignedInFrame
      {...props}
      realtime={{
        wrap: (frame) => <RealtimeProvider config={getRealtimeClientConfig()}>{frame}</RealtimeProvider>,
        indicator: <ConnectionIndicator />,
      }}
    />
  );
}
