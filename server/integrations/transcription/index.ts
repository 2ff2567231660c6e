import "server-only";
// The configured speech-to-text service: an OpenAI-compatible API when TRANSCRIPTION_URL is
// set, else none (recordings are then not transcribed, and the admin page says so).
import { env, transcriptionConfigured } from "@/env";
import { createOpenAICompatibleTranscription } from "./openai-compatible";
import type { TranscriptionProvider } from "./types";

export function isTranscriptionConfigured(): boolean {
  return transcriptionConfigured;
}

let configured: TranscriptionProvider | null | undefined;

/** The configured provider (one per process), or null when transcription is off. */
export function getTranscriptionProvider(): TranscriptionProvider | null {
  if (configured === undefined) {
    configured = env.TRANSCRIPTION_URL
      ? createOpenAICompatibleTranscription({
          baseUrl: env.TRANSCRIPTION_URL,
          apiKey: env.TRANSCRIPTION_API_KEY,
          model: env.TRANSCRIPTION_MODEL,
          timeoutMs: env.TRANSCRIPTION_TIMEOUT_SECONDS * 1000,
        })
      : null;
  }
  return configured;
}

export { isTranscriptionError, TranscriptionError } from "./types";
export type * from "./types";
