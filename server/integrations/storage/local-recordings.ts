import "server-only";
import { createReadStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { Readable } from "node:stream";
import type { RecordingFiles } from "./types";

// Recordings on the local volume (RECORDINGS_DIR). Egress reports the file name as it wrote
// it on its own host (under LIVEKIT_EGRESS_RECORDINGS_DIR); the same volume is mounted here.

export interface LocalRecordingsConfig {
  /** RECORDINGS_DIR: the volume as this server sees it. */
  root: string;
  /** LIVEKIT_EGRESS_RECORDINGS_DIR: the same volume as Egress sees it, when it differs. */
  egressRoot?: string;
}

/** The file for a storage key, or null when the key would point outside the recordings root. */
export function localRecordingPath(config: LocalRecordingsConfig, storageKey: string): string | null {
  const root = resolve(config.root);
  let key = storageKey;
  if (config.egressRoot && isAbsolute(key)) {
    const inside = relative(resolve(config.egressRoot), key);
    if (inside.startsWith("..") || isAbsolute(inside)) return null;
    key = inside;
  }
  if (isAbsolute(key)) return null;
  const path = resolve(root, key);
  const rel = relative(root, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? path : null;
}

export function createLocalRecordings(config: LocalRecordingsConfig): RecordingFiles {
  return {
    kind: "local",
    async size(storageKey) {
      const path = localRecordingPath(config, storageKey);
      if (!path) return null;
      try {
        const s = await stat(path);
        return s.isFile() ? s.size : null;
      } catch {
        return null;
      }
    },
    async read(storageKey, start, end) {
      const path = localRecordingPath(config, storageKey);
      if (!path) throw new Error("recording key outside the recordings directory");
      return Readable.toWeb(createReadStream(path, { start, end })) as ReadableStream<Uint8Array>;
    },
    async remove(storageKey) {
      const path = localRecordingPath(config, storageKey);
      if (path) await rm(path, { force: true });
    },
  };
}
