import "server-only";
import { env } from "@/env";
import { createLocalRecordings } from "./local-recordings";
import { createS3Recordings } from "./s3-recordings";
import type { RecordingFiles } from "./types";

// The configured recording storage. It follows the same setting Egress writes with
// (server/integrations/video/index.ts): the S3 bucket when RECORDINGS_S3_BUCKET is set, else
// the local recordings volume (RECORDINGS_DIR).

function createFromEnv(): RecordingFiles {
  if (env.RECORDINGS_S3_BUCKET) {
    return createS3Recordings({
      bucket: env.RECORDINGS_S3_BUCKET,
      endpoint: env.RECORDINGS_S3_ENDPOINT,
      region: env.RECORDINGS_S3_REGION,
      accessKey: env.RECORDINGS_S3_ACCESS_KEY,
      secret: env.RECORDINGS_S3_SECRET,
      forcePathStyle: env.RECORDINGS_S3_FORCE_PATH_STYLE,
    });
  }
  return createLocalRecordings({ root: env.RECORDINGS_DIR, egressRoot: env.LIVEKIT_EGRESS_RECORDINGS_DIR });
}

const globalForStorage = globalThis as unknown as { bedsideRecordingFiles?: RecordingFiles };

/** The configured storage (one per process). */
export function recordingFiles(): RecordingFiles {
  globalForStorage.bedsideRecordingFiles ??= createFromEnv();
  return globalForStorage.bedsideRecordingFiles;
}

export type * from "./types";
