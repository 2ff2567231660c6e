import "server-only";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { AppError } from "@/server/errors";
import type { RecordingFiles } from "./types";

// Recordings in an S3-compatible bucket (AWS S3, MinIO, Ceph…), where LiveKit Egress uploads
// them when RECORDINGS_S3_BUCKET is set. Egress reports the object key it wrote
// (`recordings/<sessionId>/<time>.mp4`) and that key is the storage key.

export interface S3RecordingsConfig {
  bucket: string;
  /** Any S3-compatible endpoint; AWS's regional endpoint when unset. */
  endpoint?: string;
  region: string;
  /** Without a key pair the SDK's standard credential chain applies (e.g. an instance role). */
  accessKey?: string;
  secret?: string;
  forcePathStyle: boolean;
}

/**
 * The object key for a storage key, or null when the key could reach outside the bucket:
 * an absolute or URL form, `.`/`..` or empty segments (which a proxy or an S3-compatible
 * server may normalise into another bucket's path), backslashes or control characters.
 */
export function s3ObjectKey(storageKey: string): string | null {
  if (!storageKey || Buffer.byteLength(storageKey) > 1024) return null;
  if (storageKey.startsWith("/") || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(storageKey)) return null;
  if (/[\\\u0000-\u001f\u007f]/.test(storageKey)) return null;
  const segments = storageKey.split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) return null;
  return storageKey;
}

interface S3ErrorShape {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

const statusOf = (error: unknown) => (error as S3ErrorShape)?.$metadata?.httpStatusCode;
const nameOf = (error: unknown) => (error as S3ErrorShape)?.name;

/** The object is not there (a HEAD answers a bare 404; GET and DELETE say NoSuchKey). A missing bucket is a settings problem, not a missing file. */
const isMissingObject = (error: unknown) => nameOf(error) !== "NoSuchBucket" && (nameOf(error) === "NoSuchKey" || statusOf(error) === 404);

/** What playback, retention and transcription get when the bucket cannot be used. Logs get the cause (name, code, status: no key, no secret). */
export function storageError(cause: unknown): AppError {
  const status = statusOf(cause);
  if (status === 416) {
    return new AppError("CONFLICT", "The recording file changed while it was being read. Try again.", { reason: "storage_file_changed", cause });
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new AppError("SERVICE_UNAVAILABLE", "Recording storage refused the request. Check the storage settings (bucket and credentials).", {
      reason: "storage_refused",
      cause,
    });
  }
  return new AppError("SERVICE_UNAVAILABLE", "Recording storage is not reachable. Try again in a minute; if it persists, check the storage settings.", {
    reason: "storage_unreachable",
    cause,
  });
}

function fileMissing(cause?: unknown): AppError {
  return new AppError("NOT_FOUND", "The recording file is missing from storage. Check the recording storage.", { reason: "file_missing", cause });
}

export function createS3Recordings(config: S3RecordingsConfig): RecordingFiles {
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    ...(config.accessKey && config.secret ? { credentials: { accessKeyId: config.accessKey, secretAccessKey: config.secret } } : {}),
    // Checksums only when an operation requires them: S3-compatible stores differ in support,
    // and a ranged GET has no whole-object checksum to check against.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // An unreachable host fails within seconds instead of hanging a player's request; a body
    // nobody reads for a minute (a paused player) is dropped, and the player asks again.
    requestHandler: { connectionTimeout: 5_000, socketTimeout: 60_000 },
  });
  const bucket = config.bucket;

  return {
    kind: "s3",
    async size(storageKey) {
      const key = s3ObjectKey(storageKey);
      if (!key) return null;
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        if (typeof head.ContentLength !== "number") throw new Error("HeadObject answered without Content-Length");
        return head.ContentLength;
      } catch (error) {
        if (isMissingObject(error)) return null;
        throw storageError(error);
      }
    },

    async read(storageKey, start, end) {
      const key = s3ObjectKey(storageKey);
      if (!key) throw new Error("recording key outside the recordings bucket");
      let out;
      try {
        out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end}` }));
      } catch (error) {
        if (isMissingObject(error)) throw fileMissing(error);
        throw storageError(error);
      }
      const body = out.Body?.transformToWebStream() as ReadableStream<Uint8Array> | undefined;
      // The caller promises exactly these bytes (Content-Length, Content-Range): a store that
      // ignored the Range header would send the whole file under a partial response's headers.
      const expected = end - start + 1;
      const rangeOk = out.ContentRange ? out.ContentRange.startsWith(`bytes ${start}-${end}/`) : out.ContentLength === expected && start === 0;
      if (!body || !rangeOk || (out.ContentLength !== undefined && out.ContentLength !== expected)) {
        await body?.cancel().catch(() => undefined);
        throw new AppError("SERVICE_UNAVAILABLE", "Recording storage answered with the wrong part of the file. Check that it supports byte ranges.", {
          reason: "storage_range_ignored",
        });
      }
      return body;
    },

    async remove(storageKey) {
      const key = s3ObjectKey(storageKey);
      if (!key) return;
      try {
        // S3 answers 204 for a key that is already gone; some compatible stores say NoSuchKey.
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (error) {
        if (isMissingObject(error)) return;
        throw storageError(error);
      }
    },
  };
}
