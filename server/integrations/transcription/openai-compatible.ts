import { randomBytes } from "node:crypto";
import { z } from "zod";
import { isTranscriptionError, TranscriptionError, type TranscriptionProvider, type TranscriptionResult } from "./types";

// Any OpenAI-compatible speech-to-text API: OpenAI itself, speaches (faster-whisper-server),
// LocalAI, whisper.cpp's server behind an OpenAI shim... They all take
// POST {base}/audio/transcriptions as multipart/form-data, where {base} is the API root
// including its version (https://api.openai.com/v1, http://speaches:8000/v1), the same
// value the OpenAI SDKs call `baseURL`.

export interface OpenAICompatibleConfig {
  /** API root including /v1, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** Whole request, upload and answer included. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

const ZVerboseJson = z.object({
  text: z.string(),
  language: z.string().nullish(),
  // Some servers ignore verbose_json and answer {text} only: the text is still worth keeping.
  segments: z.array(z.object({ start: z.number(), end: z.number(), text: z.string() })).nullish(),
});

export function transcriptionEndpoint(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/audio/transcriptions`;
}

export function createOpenAICompatibleTranscription(config: OpenAICompatibleConfig): TranscriptionProvider {
  const doFetch = config.fetch ?? fetch;
  const endpoint = transcriptionEndpoint(config.baseUrl);
  return {
    name: "openai-compatible",
    async transcribe(input) {
      if (!(input.audio instanceof Blob) && input.size === undefined) throw new TypeError("transcribe: `size` is required with a stream");
      const timeout = AbortSignal.timeout(config.timeoutMs);
      const signal = input.signal ? AbortSignal.any([input.signal, timeout]) : timeout;
      const fields: [string, string][] = [
        ["model", config.model],
        ["response_format", "verbose_json"],
        ["timestamp_granularities[]", "segment"],
      ];
      const headers: Record<string, string> = { accept: "application/json" };
      if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;

      let response: Response;
      try {
        if (input.audio instanceof Blob) {
          const form = new FormData();
          for (const [name, value] of fields) form.append(name, value);
          form.append("file", new Blob([input.audio], { type: input.mimeType }), input.fileName);
          response = await doFetch(endpoint, { method: "POST", headers, body: form, signal });
        } else {
          const body = multipartStream(fields, { name: "file", fileName: input.fileName, mimeType: input.mimeType, size: input.size!, stream: input.audio });
          headers["content-type"] = `multipart/form-data; boundary=${body.boundary}`;
          headers["content-length"] = String(body.length);
          response = await doFetch(endpoint, { method: "POST", headers, body: body.stream, signal, duplex: "half" } as RequestInit);
        }
      } catch (error) {
        throw networkError(error, timeout, config.timeoutMs);
      }

      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        throw networkError(error, timeout, config.timeoutMs);
      }
      if (!response.ok) throw httpError(response, text);
      let parsed: z.infer<typeof ZVerboseJson>;
      try {
        parsed = ZVerboseJson.parse(JSON.parse(text));
      } catch (error) {
        throw new TranscriptionError(
          "bad_response",
          "The transcription service answered in a format Bedside does not understand. Check that TRANSCRIPTION_URL points at an OpenAI-compatible API (it usually ends in /v1).",
          { retryable: false, status: response.status, cause: error },
        );
      }
      return toResult(parsed);
    },
  };
}

function toResult(p: z.infer<typeof ZVerboseJson>): TranscriptionResult {
  return {
    text: p.text.trim(),
    language: p.language ?? null,
    segments: (p.segments ?? []).map((s) => ({ start: s.start, end: s.end, text: s.text.trim() })).filter((s) => s.text !== ""),
  };
}

// ── errors ──

function networkError(error: unknown, timeout: AbortSignal, timeoutMs: number): TranscriptionError {
  if (isTranscriptionError(error)) return error;
  if (timeout.aborted) {
    return new TranscriptionError(
      "timeout",
      `The transcription service did not answer within ${Math.round(timeoutMs / 1000)} seconds (a long recording may need a larger TRANSCRIPTION_TIMEOUT_SECONDS).`,
      {
        retryable: true,
        cause: error,
      },
    );
  }
  const aborted = (error as { name?: string } | null)?.name === "AbortError";
  return new TranscriptionError(
    aborted ? "aborted" : "network",
    aborted
      ? "The transcription was interrupted."
      : "Bedside could not reach the transcription service (network error). Check TRANSCRIPTION_URL and that the service is running.",
    { retryable: true, cause: error },
  );
}

/** The service's own explanation (OpenAI: {error:{message}}), shortened; shown to admins, never logged. */
function providerMessage(body: string): string | null {
  try {
    const json = JSON.parse(body) as { error?: { message?: unknown } | string; detail?: unknown; message?: unknown };
    const m = typeof json.error === "object" ? json.error?.message : (json.error ?? json.detail ?? json.message);
    if (typeof m === "string" && m.trim()) return m.trim().slice(0, 300);
  } catch {
    // not JSON: say nothing rather than echo a proxy's HTML page
  }
  return null;
}

export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

function httpError(response: Response, body: string): TranscriptionError {
  const status = response.status;
  const said = providerMessage(body);
  const suffix = said ? ` The service said: "${said}"` : "";
  const retryAfter = retryAfterMs(response.headers.get("retry-after"));
  if (status === 401 || status === 403) {
    return new TranscriptionError("unauthorized", `The transcription service refused the API key (HTTP ${status}). Check TRANSCRIPTION_API_KEY, then retry.`, {
      retryable: false,
      status,
    });
  }
  if (status === 413) {
    return new TranscriptionError(
      "too_large",
      `The recording is too large for the transcription service (HTTP 413). Raise the service's upload limit (OpenAI's own API accepts at most 25 MB), then retry.`,
      { retryable: false, status },
    );
  }
  if (status === 404) {
    return new TranscriptionError(
      "not_found",
      `The transcription service has no /audio/transcriptions at TRANSCRIPTION_URL, or does not know TRANSCRIPTION_MODEL (HTTP 404). Check both (the URL usually ends in /v1), then retry.${suffix}`,
      { retryable: false, status },
    );
  }
  if (status === 408 || status === 429) {
    return new TranscriptionError(status === 429 ? "rate_limited" : "timeout", `The transcription service is busy (HTTP ${status}).`, {
      retryable: true,
      status,
      retryAfterMs: retryAfter,
    });
  }
  if (status >= 500) {
    return new TranscriptionError("server_error", `The transcription service failed (HTTP ${status}).`, { retryable: true, status, retryAfterMs: retryAfter });
  }
  return new TranscriptionError(
    "rejected",
    `The transcription service rejected the recording (HTTP ${status}). Check TRANSCRIPTION_MODEL and that the service accepts this file format, then retry.${suffix}`,
    { retryable: false, status },
  );
}

// ── multipart/form-data, streamed ──

// The platform's FormData only takes Blobs, i.e. the whole recording in memory; recordings run
// to hundreds of megabytes, so the file part is streamed straight from storage instead.

const encoder = new TextEncoder();

/** Quote a form-data header value the way browsers do (WHATWG: ", CR and LF percent-encoded). */
function quoted(value: string): string {
  return `"${value.replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22")}"`;
}

export function multipartStream(
  fields: [string, string][],
  file: { name: string; fileName: string; mimeType: string; size: number; stream: ReadableStream<Uint8Array> },
): { boundary: string; length: number; stream: ReadableStream<Uint8Array> } {
  const boundary = `----BedsideFormBoundary${randomBytes(12).toString("hex")}`;
  let head = "";
  for (const [name, value] of fields) {
    head += `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(name)}\r\n\r\n${value}\r\n`;
  }
  head += `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(file.name)}; filename=${quoted(file.fileName)}\r\nContent-Type: ${file.mimeType}\r\n\r\n`;
  const headBytes = encoder.encode(head);
  const tailBytes = encoder.encode(`\r\n--${boundary}--\r\n`);
  const reader = file.stream.getReader();
  let sent = 0;
  let stage: "head" | "file" | "done" = "head";
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (stage === "head") {
        stage = "file";
        controller.enqueue(headBytes);
        return;
      }
      if (stage === "done") return;
      const { value, done } = await reader.read();
      if (!done) {
        sent += value.byteLength;
        if (sent > file.size) {
          controller.error(new Error(`recording stream longer than its size (${file.size} bytes)`));
          await reader.cancel();
          return;
        }
        controller.enqueue(value);
        return;
      }
      if (sent !== file.size) {
        controller.error(new Error(`recording stream ended after ${sent} of ${file.size} bytes`));
        return;
      }
      stage = "done";
      controller.enqueue(tailBytes);
      controller.close();
    },
    async cancel(reason) {
      await reader.cancel(reason);
    },
  });
  return { boundary, length: headBytes.byteLength + file.size + tailBytes.byteLength, stream };
}
