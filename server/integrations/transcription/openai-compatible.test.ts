import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_TRANSCRIPT, SpeechToTextStandIn } from "@/tests/helpers/speech-to-text-stand-in";
import { createOpenAICompatibleTranscription, retryAfterMs } from "./openai-compatible";
import { TranscriptionError } from "./types";

const standIn = new SpeechToTextStandIn();
beforeAll(() => standIn.start());
afterAll(() => standIn.stop());
afterEach(() => {
  standIn.requests.length = 0;
  standIn.next = () => "ok";
  standIn.answer = () => SAMPLE_TRANSCRIPT;
});

const client = (over: Partial<Parameters<typeof createOpenAICompatibleTranscription>[0]> = {}) =>
  createOpenAICompatibleTranscription({ baseUrl: standIn.url, apiKey: "sk-test-key", model: "whisper-large-v3", timeoutMs: 10_000, ...over });

/** The bytes as a stream in uneven chunks, as storage hands them over. */
function streamOf(bytes: Buffer, chunk = 7_777): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(new Uint8Array(bytes.subarray(at, at + chunk)));
      at += chunk;
    },
  });
}

async function failure(p: Promise<unknown>): Promise<TranscriptionError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TranscriptionError);
  return error as TranscriptionError;
}

const audio = randomBytes(100_003);
const streamed = () => ({ audio: streamOf(audio), size: audio.length, fileName: "recording-abc.mp4", mimeType: "video/mp4" });

describe("OpenAI-compatible transcription client", () => {
  it("streams the recording as multipart/form-data in the shape OpenAI's /audio/transcriptions takes, and reads verbose_json", async () => {
    const result = await client().transcribe(streamed());

    expect(standIn.requests).toHaveLength(1);
    const req = standIn.requests[0]!;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/v1/audio/transcriptions");
    expect(req.authorization).toBe("Bearer sk-test-key");
    expect(req.contentType).toMatch(/^multipart\/form-data; boundary=\S+$/);
    expect(Number(req.contentLength)).toBeGreaterThan(audio.length);
    expect(req.fields).toEqual([
      ["model", "whisper-large-v3"],
      ["response_format", "verbose_json"],
      ["timestamp_granularities[]", "segment"],
    ]);
    expect(req.file).toMatchObject({ fieldName: "file", fileName: "recording-abc.mp4", type: "video/mp4" });
    expect(req.file!.bytes.equals(audio)).toBe(true);

    expect(result).toEqual({
      text: "Good morning, how are you feeling today? Much better, thank you.",
      language: "english",
      segments: [
        { start: 0, end: 3.2, text: "Good morning, how are you feeling today?" },
        { start: 3.6, end: 7.5, text: "Much better, thank you." },
      ],
    });
  });

  it("sends a Blob through the platform FormData in the same shape, without Authorization when no key is set, with a trailing slash on the URL", async () => {
    await client({ apiKey: undefined, baseUrl: `${standIn.url}/` }).transcribe({ audio: new Blob([audio]), fileName: "a.webm", mimeType: "audio/webm" });
    const req = standIn.requests[0]!;
    expect(req.path).toBe("/v1/audio/transcriptions");
    expect(req.authorization).toBeNull();
    expect(req.fields.map(([n]) => n)).toEqual(["model", "response_format", "timestamp_granularities[]"]);
    expect(req.file).toMatchObject({ fileName: "a.webm", type: "audio/webm" });
    expect(req.file!.bytes.equals(audio)).toBe(true);
  });

  it("keeps the text when a server answers {text} only (no segments), and drops empty segments", async () => {
    standIn.answer = () => ({ text: " hello " });
    expect(await client().transcribe(streamed())).toEqual({ text: "hello", language: null, segments: [] });
    standIn.answer = () => ({
      text: "x",
      segments: [
        { id: 0, seek: 0, start: 0, end: 1, text: "  " },
        { id: 1, seek: 0, start: 1, end: 2, text: " x" },
      ],
    });
    expect((await client().transcribe(streamed())).segments).toEqual([{ start: 1, end: 2, text: "x" }]);
  });

  it("refuses a stream whose length it was not told", async () => {
    await expect(client().transcribe({ audio: streamOf(audio), fileName: "a.mp4", mimeType: "video/mp4" })).rejects.toThrow(/size/);
    expect(standIn.requests).toHaveLength(0);
  });
});

describe("OpenAI-compatible transcription errors", () => {
  it.each([401, 403])("HTTP %i: the service refused the API key — not retried", async (status) => {
    standIn.next = () => ({ status, body: { error: { message: "Incorrect API key provided: sk-te****", type: "invalid_request_error" } } });
    const e = await failure(client().transcribe(streamed()));
    expect(e).toMatchObject({ code: "unauthorized", retryable: false, status });
    expect(e.message).toContain("The transcription service refused the API key");
    expect(e.message).toContain("TRANSCRIPTION_API_KEY");
  });

  it("HTTP 413: the file is too large — not retried", async () => {
    standIn.next = () => ({ status: 413, body: { error: { message: "Maximum content size limit (26214400) exceeded" } } });
    const e = await failure(client().transcribe(streamed()));
    expect(e).toMatchObject({ code: "too_large", retryable: false, status: 413 });
    expect(e.message).toMatch(/too large/);
  });

  it("HTTP 429 is retried, honouring Retry-After; 500 and 503 are retried", async () => {
    standIn.next = () => ({ status: 429, headers: { "retry-after": "30" } });
    expect(await failure(client().transcribe(streamed()))).toMatchObject({ code: "rate_limited", retryable: true, status: 429, retryAfterMs: 30_000 });
    for (const status of [500, 503]) {
      standIn.next = () => ({ status });
      expect(await failure(client().transcribe(streamed()))).toMatchObject({ code: "server_error", retryable: true, status });
    }
  });

  it("HTTP 400: rejected, not retried, with the service's own explanation for the admin", async () => {
    standIn.next = () => ({ status: 400, body: { error: { message: "Invalid file format. Supported formats: ['flac', 'mp3', 'mp4']" } } });
    const e = await failure(client().transcribe(streamed()));
    expect(e).toMatchObject({ code: "rejected", retryable: false, status: 400 });
    expect(e.message).toContain("Invalid file format");
  });

  it("a base URL without /v1 gets 404 and a message saying where to look", async () => {
    const e = await failure(client({ baseUrl: standIn.url.replace(/\/v1$/, "") }).transcribe(streamed()));
    expect(standIn.requests[0]!.path).toBe("/audio/transcriptions");
    expect(e).toMatchObject({ code: "not_found", retryable: false, status: 404 });
    expect(e.message).toContain("/v1");
  });

  it("an answer that is not verbose_json fails without retry", async () => {
    standIn.answer = () => ({ nothing: "here" }) as never;
    expect(await failure(client().transcribe(streamed()))).toMatchObject({ code: "bad_response", retryable: false });
  });

  it("a dropped connection and a refused connection are retryable network errors", async () => {
    standIn.next = () => "drop";
    expect(await failure(client().transcribe(streamed()))).toMatchObject({ code: "network", retryable: true, status: null });
    const closed = new SpeechToTextStandIn();
    await closed.start();
    const url = closed.url;
    await closed.stop();
    expect(await failure(client({ baseUrl: url }).transcribe(streamed()))).toMatchObject({ code: "network", retryable: true });
  });

  it("a service that never answers times out, retryable", async () => {
    standIn.next = () => "hang";
    const started = Date.now();
    const e = await failure(client({ timeoutMs: 300 }).transcribe(streamed()));
    expect(e).toMatchObject({ code: "timeout", retryable: true });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2030-01-01T00:00:00Z");
    expect(retryAfterMs("12", now)).toBe(12_000);
    expect(retryAfterMs("Tue, 01 Jan 2030 00:01:00 GMT", now)).toBe(60_000);
    expect(retryAfterMs("soon", now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});
