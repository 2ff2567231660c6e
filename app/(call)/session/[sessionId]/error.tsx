"use client";

import { SessionUnavailable } from "@/components/session/session-unavailable";

export default function SessionError({ error, reset }: { error: Error; reset: () => void }) {
  return <SessionUnavailable notFound={/not found/i.test(error.message)} onRetry={reset} />;
}
