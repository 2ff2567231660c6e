// Builds the pinned LiveKit server into .cache/livekit/<version>/ if it is not there yet
// (scripts/lib/livekit.ts). `npm test` runs this before entering the loopback-only network
// namespace, where the Go module proxy is out of reach.
import { ensureLiveKitServer, LiveKitBuildError, LIVEKIT_VERSION } from "./lib/livekit";

const started = Date.now();
try {
  const binary = await ensureLiveKitServer();
  console.log(`LiveKit ${LIVEKIT_VERSION}: ${binary} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (error) {
  if (!(error instanceof LiveKitBuildError)) throw error;
  console.error(error.message);
  process.exit(error.exitCode);
}
