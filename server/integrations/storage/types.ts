// Where recording files live. Domain code reads and deletes recordings only through this
// interface; which backend is in use follows the same settings Egress writes with.

export interface RecordingFiles {
  readonly kind: "local" | "s3";
  /** The file's size in bytes, or null when the key points outside storage or the file is gone. */
  size(storageKey: string): Promise<number | null>;
  /** Bytes `start`..`end` (inclusive) of a file whose size is known to be > end. */
  read(storageKey: string, start: number, end: number): Promise<ReadableStream<Uint8Array>>;
  /** Remove a file; a file already gone counts as removed. Throws when storage refuses. */
  remove(storageKey: string): Promise<void>;
}
