// What Bedside needs from a speech-to-text service. Domain code asks the factory in
// index.ts for the configured one and never sees HTTP.

export interface TranscriptSegment {
  /** Seconds from the start of the recording. */
  start: number;
  end: number;
  text: string;
}

export interface TranscriptionResult {
  text: string;
  /** As the service reports it (OpenAI answers a language name, e.g. "english"); null when it does not say. */
  language: string | null;
  segments: TranscriptSegment[];
}

export interface TranscriptionInput {
  /** The recording's bytes, streamed (never held in memory whole), or a Blob. */
  audio: ReadableStream<Uint8Array> | Blob;
  /** Byte length of `audio`; required for a stream (sent as Content-Length). */
  size?: number;
  /** The name the service sees; its extension tells it the container format. */
  fileName: string;
  mimeType: string;
  signal?: AbortSignal;
}

export interface TranscriptionProvider {
  readonly name: string;
  /** Resolves with the transcript; rejects with a TranscriptionError saying whether a retry can help. */
  transcribe(input: TranscriptionInput): Promise<TranscriptionResult>;
}

/**
 * A failed transcription. `message` is for the admin who reads it beside the recording (what
 * went wrong and, when a retry cannot help, what to change) and never holds transcript text;
 * `code` is for logs. Whether Bedside tries again is the caller's business.
 */
const TRANSCRIPTION_ERROR_BRAND = Symbol.for("bedside.TranscriptionError");

/** True for a TranscriptionError from any copy of this module (never `instanceof`: see server/errors.ts). */
export function isTranscriptionError(e: unknown): e is TranscriptionError {
  return typeof e === "object" && e !== null && (e as { [TRANSCRIPTION_ERROR_BRAND]?: unknown })[TRANSCRIPTION_ERROR_BRAND] === true;
}

export class TranscriptionError extends Error {
  readonly [TRANSCRIPTION_ERROR_BRAND] = true;
  readonly code: string;
  readonly retryable: boolean;
  readonly status: number | null;
  /** From a 429/503 Retry-After header, when the service sent one. */
  readonly retryAfterMs: number | null;

  constructor(code: string, message: string, opts: { retryable: boolean; status?: number | null; retryAfterMs?: number | null; cause?: unknown }) {
    super(message, { cause: opts.cause });
    this.name = "TranscriptionError";
    this.code = code;
    this.retryable = opts.retryable;
    this.status = opts.status ?? null;
    this.retryAfterMs = opts.retryAfterMs ?? null;
  }
}
