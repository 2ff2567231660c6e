// The Cookie header as the cookie reader `readActiveSessionToken` takes, for requests that do
// not go through Next (the production server's node:http routes, server/http/fast-path.ts).
// Parsed as Next's own `RequestCookies` (@edge-runtime/cookies) parses it: pairs split on
// "; ", the first "=" splits name from value, the value percent-decoded (a pair that fails
// to decode is skipped), a pair without "=" is the name with value "true", the last pair of
// a name wins.

export interface CookieReader {
  get(name: string): { name: string; value: string } | undefined;
  getAll(): { name: string; value: string }[];
}

export function parseCookieHeader(header: string | null | undefined): CookieReader {
  const map = new Map<string, string>();
  if (header) {
    for (const pair of header.split(/; */)) {
      if (!pair) continue;
      const at = pair.indexOf("=");
      if (at === -1) {
        map.set(pair, "true");
        continue;
      }
      try {
        map.set(pair.slice(0, at), decodeURIComponent(pair.slice(at + 1)));
      } catch {
        // an undecodable value names nothing
      }
    }
  }
  return {
    get: (name) => {
      const value = map.get(name);
      return value === undefined ? undefined : { name, value };
    },
    getAll: () => [...map].map(([name, value]) => ({ name, value })),
  };
}
