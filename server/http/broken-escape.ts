// A broken %-escape in the path (`/join/%`, a cut UTF-8 sequence, a lone surrogate) cannot name
// any page or procedure: Next would fail decoding a dynamic segment with a 500. proxy.ts and
// the production server's node:http routes (fast-path.ts) answer 400 with this text.
export const BROKEN_ESCAPE_MESSAGE = "Bad request: the address contains a broken %-escape. Check the link and try again.";

export function decodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
