import "server-only";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { Readable } from "node:stream";
import { env } from "@/env";

// Recordings on the local volume (RECORDINGS_DIR). Egress reports the file name as it wrote
// it on its own host (under LIVEKIT_EGRESS_RECORDINGS_DIR); the same volume is mounted here.

/** The file for a storage key, or null when the key would point outside RECORDINGS_DIR. */
export function localRecordingPath(storageKey: string): string | null {
  const root = resolve(env.RECORDINGS_DIR);
  let key = storageKey;
  const egressRoot = env.LIVEKIT_EGRESS_RECORDINGS_DIR;
  if (egressRoot && isAbsolute(key)) {
    const inside = relative(resolve(egressRoot), key);
    if (inside.startsWith("..") || isAbsolute(inside)) return null;
    key = inside;
  }
  if (isAbsolute(key)) return null;
  const path = resolve(root, key);
  const rel = relative(root, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? path : null;
}

export async function localRecordingSize(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

/** Bytes start..end (inclusive) as a web stream. */
export function readLocalRecording(path: string, start: number, end: number): ReadableStream<Uint8Array> {
  return Readable.toWeb(createReadStream(path, { start, end })) as ReadableStream<Uint8Array>;
}

/** Remove a recording file; a file already gone counts as removed. */
export async function deleteLocalRecording(path: string): Promise<void> {
  const { rm } = await import("node:fs/promises");
  await rm(path, { force: true });
}
