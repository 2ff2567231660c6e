// Node flags of the production server: `npm start`, e2e, the cluster suite and the benches
// start it with these (scripts/lib/production-server.ts). None: a larger young generation
// (`--max-semi-space-size=32` or `=64`) cut scavenges and GC time per post but lengthened each
// pause and grew memory, with no measurable change in CPU per reading, throughput or p99
// (bench/vitals/ingest.ts --node-flags, README). Measure the same way before adding one.
export const NEXT_START_NODE_FLAGS: readonly string[] = [];
