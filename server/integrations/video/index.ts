// The configured video provider: LiveKit when LIVEKIT_URL, LIVEKIT_API_KEY and
// LIVEKIT_API_SECRET are set, else the built-in peer-to-peer provider.

import { resolve } from "node:path";
import { env, livekitConfigured } from "@/env";
import { logger } from "@/server/logger";
import { createLiveKitProvider, type RecordingStorage } from "./livekit";
import { createP2PProvider } from "./p2p";

export { recordingUnsupportedError } from "./p2p";
import type { VideoProvider } from "./types";

function recordingStorage(): RecordingStorage {
  if (env.RECORDINGS_S3_BUCKET) {
    return {
      kind: "s3",
      bucket: env.RECORDINGS_S3_BUCKET,
      endpoint: env.RECORDINGS_S3_ENDPOINT,
      region: env.RECORDINGS_S3_REGION,
      accessKey: env.RECORDINGS_S3_ACCESS_KEY,
      secret: env.RECORDINGS_S3_SECRET,
      forcePathStyle: env.RECORDINGS_S3_FORCE_PATH_STYLE,
    };
  }
  return { kind: "local", dir: env.LIVEKIT_EGRESS_RECORDINGS_DIR ?? resolve(env.RECORDINGS_DIR) };
}

function createFromEnv(): VideoProvider {
  if (livekitConfigured) {
    const log = logger.child({ component: "video" });
    return createLiveKitProvider({
      apiUrl: env.LIVEKIT_URL!,
      publicUrl: env.LIVEKIT_PUBLIC_URL ?? env.LIVEKIT_URL!,
      apiKey: env.LIVEKIT_API_KEY!,
      apiSecret: env.LIVEKIT_API_SECRET!,
      tokenTtlSeconds: env.LIVEKIT_TOKEN_TTL_SECONDS,
      emptyTimeoutSeconds: env.LIVEKIT_ROOM_EMPTY_TIMEOUT_SECONDS,
      departureTimeoutSeconds: env.LIVEKIT_ROOM_DEPARTURE_TIMEOUT_SECONDS,
      recordings: recordingStorage(),
      warn: (fields, message) => log.warn(fields, message),
    });
  }
  return createP2PProvider({ iceServers: env.ICE_SERVERS });
}

const globalForVideo = globalThis as unknown as { bedsideVideo?: VideoProvider };

/** The configured provider (one per process). */
export function getVideoProvider(): VideoProvider {
  globalForVideo.bedsideVideo ??= createFromEnv();
  return globalForVideo.bedsideVideo;
}

export type * from "./types";
export { WebhookVerificationError, isWebhookVerificationError } from "./types";
