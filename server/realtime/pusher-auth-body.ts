// Reading a channel authorization request: pure, so the odd bodies can be unit tested.

/** Bodies beyond this are not Pusher authorization requests. */
export const MAX_AUTH_BODY_BYTES = 2048;

/**
 * The request body as pusher-js sends it (`application/x-www-form-urlencoded`), or JSON.
 * A repeated form field makes it unusable: which copy would be signed is ambiguous.
 */
export function parsePusherAuthBody(contentType: string | null, raw: string): unknown {
  if (raw.length > MAX_AUTH_BODY_BYTES) return null;
  if (contentType?.toLowerCase().includes("application/json")) {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return null;
    }
  }
  const form = new URLSearchParams(raw);
  const body: Record<string, string> = {};
  for (const key of new Set(form.keys())) {
    const values = form.getAll(key);
    if (values.length !== 1) return null;
    body[key] = values[0]!;
  }
  return body;
}
