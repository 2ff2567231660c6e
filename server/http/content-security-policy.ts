// The Content-Security-Policy of every page: scripts only with this response's nonce (Next
// puts it on its own scripts when the request carries the policy; 'strict-dynamic' lets those
// load the app's chunks), connections only to the app, its realtime server and its LiveKit
// server, media from the camera/microphone (mediastream:) and local blobs. Built per request
// by proxy.ts; API routes keep next.config.mjs's static policy (they serve no scripts).
import { env } from "@/env";

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** `ws://host:port` → the origins a browser uses for it (ws and http, or wss and https). */
function originsOf(url: string): string[] {
  try {
    const u = new URL(url);
    const secure = u.protocol === "wss:" || u.protocol === "https:";
    return [`${secure ? "wss" : "ws"}://${u.host}`, `${secure ? "https" : "http"}://${u.host}`];
  } catch {
    return [];
  }
}

/** Where the browser opens connections besides the app itself (realtime, LiveKit). */
export function connectSources(): string[] {
  const sources: string[] = [];
  if (env.PUSHER_CLUSTER) {
    sources.push(`wss://ws-${env.PUSHER_CLUSTER}.pusher.com`, `https://sockjs-${env.PUSHER_CLUSTER}.pusher.com`);
  } else {
    const tls = env.PUSHER_PUBLIC_TLS ?? env.PUSHER_USE_TLS;
    sources.push(...originsOf(`${tls ? "wss" : "ws"}://${env.PUSHER_PUBLIC_HOST ?? env.PUSHER_HOST}:${env.PUSHER_PUBLIC_PORT ?? env.PUSHER_PORT}`));
  }
  const livekit = env.LIVEKIT_PUBLIC_URL ?? env.LIVEKIT_URL;
  if (livekit) sources.push(...originsOf(livekit));
  return [...new Set(sources)];
}

export function contentSecurityPolicy({ nonce, dev = env.NODE_ENV !== "production" }: { nonce: string; dev?: boolean }): string {
  return [
    "default-src 'self'",
    // React's development build evaluates strings (call stacks in the overlay); production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (React `style`, Radix positioning) cannot carry a nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob: mediastream:",
    `connect-src 'self' ${connectSources().join(" ")}`.trim(),
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
    "form-action 'self'",
  ].join("; ");
}
