// Node flags of the production server: `npm start` (run-next.ts) and the benches
// (bench/lib/harness.ts) start `next start` with these.
export const NEXT_START_NODE_FLAGS: readonly string[] = [];
