import { env } from "@/env";
import { P2PVideoProvider } from "./p2p";
import type { RTCIceServerLike, VideoProvider } from "./types";

let provider: VideoProvider | undefined;

export function getVideoProvider(): VideoProvider {
  provider ??= new P2PVideoProvider(JSON.parse(env.ICE_SERVERS) as RTCIceServerLike[]);
  return provider;
}

export type * from "./types";
