// soketi on its own process for the benchmarks (loopback only, see scripts/lib/soketi.ts).
// Usage: soketi-server.ts <port> <appId> <key> <secret>; prints "ready"; stops on SIGTERM.
import { startSoketi } from "../../scripts/lib/soketi";

const [port, appId, key, secret] = process.argv.slice(2) as [string, string, string, string];
const soketi = await startSoketi({ port: Number(port), appId, key, secret });
console.log("ready");
process.on("SIGTERM", () => void soketi.stop().then(() => process.exit(0)));
