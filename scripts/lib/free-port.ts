// A TCP port free on 127.0.0.1 right now: the kernel picks one for a throwaway listener, which
// is closed before the port is handed on. Used wherever a test or bench starts a server of its
// own (the integration tests' soketi, the e2e database test, the benchmarks).
import { createServer } from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
