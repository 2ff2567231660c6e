// The device API route handler behind a plain node:http server, in its own process, for
// bench/vitals/ingest.ts (which starts it with the environment already set). Tells the
// parent when it listens; stops on SIGTERM.
import { createServer } from "node:http";
import { NextRequest } from "next/server";
import { POST } from "@/app/api/vitals/route";
import { db } from "@/server/db";
import { realtime } from "@/server/realtime/publish";

const port = Number(process.argv[2]);
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const request = new NextRequest(`http://localhost:${port}${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: Buffer.concat(chunks),
    });
    void POST(request).then(async (response) => {
      res.writeHead(response.status, { "content-type": "application/json" });
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
});
server.keepAliveTimeout = 30_000;
server.listen(port, "127.0.0.1", () => process.send?.("listening"));
process.on("SIGTERM", () => {
  server.close();
  void realtime().flush().then(async () => {
    realtime().close();
    await db.$disconnect();
    process.exit(0);
  });
});
