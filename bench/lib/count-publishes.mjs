// Loaded into a benchmarked server with --import: counts the realtime publish requests and the
// TCP connections it opens to the realtime server (PUSHER_PORT), and writes the totals to
// $BENCH_PUBLISH_COUNTS/<pid>.json every 100 ms, so a bench can take the difference over a phase.
import diagnostics from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";
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
setInterval(() => writeFileSync(file, JSON.stringify(counts)), 100).unref();
