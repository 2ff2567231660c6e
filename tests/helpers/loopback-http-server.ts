// The lifecycle every local stand-in for a hosted HTTP API shares: listen on 127.0.0.1 (a
// free port the first time, the same port again after a stop, so a client configured with
// the URL sees the service go down and come back), and stop by closing every connection.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export abstract class LoopbackHttpServer {
  private server: Server | null = null;
  protected port = 0;

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  async start(port = this.port): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stop listening: connections are refused until start() again (same port). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
