import "server-only";
import { env } from "@/env";
import { createLocalRecordings } from "./local-recordings";
import type { RecordingFiles } from "./types";

// The configured recording storage: the local recordings volume (RECORDINGS_DIR). It must
// match where Egress writes (server/integrations/video/index.ts).

function createFromEnv(): RecordingFiles {
  return createLocalRecordings({ root: env.RECORDINGS_DIR, egressRoot: env.LIVEKIT_EGRESS_RECORDINGS_DIR });
}

const globalForStorage = globalThis as unknown as { bedsideRecordingFiles?: RecordingFiles };

/** The configured storage (one per process). */
export function recordingFiles(): RecordingFiles {
  globalForStorage.bedsideRecordingFiles ??= createFromEnv();
  return globalForStorage.bedsideRecordingFiles;
}

export type * from "./types";
