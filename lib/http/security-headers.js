// The static security headers every response carries, pages and APIs alike. Read by
// next.config.mjs (Next adds them to what its handler answers) and by the production server's
// node:http routes (server/http/fast-path.ts), so the two lists cannot drift. Plain JS because
// next.config.mjs loads it without a TypeScript loader. Pages get the full Content-Security-Policy,
// with a per-request script nonce, from proxy.ts (server/http/content-security-policy.ts).

/**
 * @param {boolean} production Strict-Transport-Security only in production (a dev server on http://localhost would pin it).
 * @returns {{ key: string, value: string }[]}
 */
export function staticSecurityHeaders(production) {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "no-referrer" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(self), microphone=(self), display-capture=(self), geolocation=()" },
    // Framing, <base> and plugins are never needed.
    { key: "Content-Security-Policy", value: "frame-ancestors 'none'; base-uri 'self'; object-src 'none'" },
    ...(production ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }] : []),
  ];
}
