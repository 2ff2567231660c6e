// Node flags of the production server: `npm start`, e2e, the cluster suite and the benches
// start it with these (scripts/lib/production-server.ts; deploy/Dockerfile spells them out).
// A young generation of up to 32 MiB per semi-space (V8's default is 16): at 500 device readings
// a second, objects of requests still in flight survived two scavenges of the smaller one and
// were promoted. In three interleaved runs on a loaded machine (bench/vitals/ingest.ts
// --node-flags and --builds "… NODE_OPTIONS=…"; four rows at 200 and 500/s, README) it cut
// scavenges per post by a third to a half, GC time per post by 30-40 % and server CPU per stored
// reading by 9-16 %, with resident memory 36-43 MiB lower in two rows and 43-89 MiB higher in
// two. 64 MiB did no better. Measure the same way
// before changing them.
export const NEXT_START_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=32"];
