import { describe, expect, it } from "vitest";
import { connectSources, contentSecurityPolicy, newNonce } from "./content-security-policy";

describe("page Content-Security-Policy", () => {
  it("gives each request its own nonce and lets only nonced scripts (and what they load) run", () => {
    const a = newNonce();
    const b = newNonce();
    expect(a).not.toBe(b);
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    const policy = contentSecurityPolicy({ nonce: a, dev: false });
    expect(policy).toContain(`script-src 'self' 'nonce-${a}' 'strict-dynamic'`);
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(contentSecurityPolicy({ nonce: a, dev: true })).toContain("'unsafe-eval'");
  });

  it("allows camera/microphone streams and blobs as media, and connects only to the app and its realtime server", () => {
    const policy = contentSecurityPolicy({ nonce: newNonce(), dev: false });
    expect(policy).toContain("media-src 'self' blob: mediastream:");
    // The defaults of env.js: soketi on 127.0.0.1:6001, no LiveKit configured.
    expect(connectSources()).toEqual(["ws://127.0.0.1:6001", "http://127.0.0.1:6001"]);
    expect(policy).toContain("connect-src 'self' ws://127.0.0.1:6001 http://127.0.0.1:6001");
    for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "default-src 'self'"]) {
      expect(policy).toContain(directive);
    }
  });
});
