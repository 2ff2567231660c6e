// Reading tRPC errors on the client: the server's message for people, and field-level
// issues for forms (see the error formatter in server/api/trpc.ts).

interface ErrorShape {
  message?: string;
  data?: { issues?: { path: string; message: string }[] | null; reason?: string | null; details?: Record<string, unknown> | null };
}

export function errorMessage(err: unknown, fallback = "Something went wrong. Please try again."): string {
  const e = err as ErrorShape | null;
  return e?.message && e.message.length < 500 ? e.message : fallback;
}

export function fieldErrors(err: unknown): Record<string, string> {
  const issues = (err as ErrorShape | null)?.data?.issues ?? [];
  const out: Record<string, string> = {};
  for (const i of issues) out[i.path] ??= i.message;
  return out;
}

export function errorReason(err: unknown): string | null {
  return (err as ErrorShape | null)?.data?.reason ?? null;
}

export function errorDetails(err: unknown): Record<string, unknown> | null {
  return (err as ErrorShape | null)?.data?.details ?? null;
}
