// Loaded into a benchmarked server with --import: counts the realtime publish requests and the
// TCP connections it opens to the realtime server (PUSHER_PORT), and writes the totals to
// $BENCH_PUBLISH_COUNTS/<pid>.json every 100 ms, so a bench can take the difference over a phase.
import diagnostics from "node:diagnostics_channel";
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const port = Number(process.env.PUSHER_PORT);
const file = join(process.env.BENCH_PUBLISH_COUNTS ?? ".", `${process.pid}.json`);
const counts = { requests: 0, connects: 0 };

diagnostics.subscribe("http.client.request.start", ({ request }) => {
  if (String(request.getHeader("host") ?? "").endsWith(`:${port}`)) counts.requests += 1;
});
diagnostics.subscribe("net.client.socket", ({ socket }) => {
  socket.once("connect", () => {
    if (socket.remotePort === port) counts.connects += 1;
  });
});
// Written aside and renamed, so a reader never sees half a file.
setInterval(() => {
  writeFileSync(`${file}.tmp`, JSON.stringify(counts));
  renameSync(`${file}.tmp`, file);
}, 100).unref();
