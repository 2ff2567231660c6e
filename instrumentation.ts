// Next.js calls register() once when a server process starts (`next dev`, `next start`).
// The scheduler's in-process ticker starts here, in the Node.js runtime only, never while
// `next build` loads modules. NEXT_RUNTIME and NEXT_PHASE are set by Next itself (it
// inlines NEXT_RUNTIME per bundle), which is why they are read here rather than via env.js.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startTicker } = await import("./server/scheduler/ticker");
  startTicker();
}
