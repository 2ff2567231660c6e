// Debian's Chromium (never a downloaded browser) and the flags that keep it on loopback with a
// fake camera and microphone: one list for the e2e suite, the benches and the cluster harness.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
];

/** WebRTC between pages of one machine (works only inside a loopback-only network namespace). */
export const LOOPBACK_PEER_CONNECTION_ARG = "--allow-loopback-in-peer-connection";
