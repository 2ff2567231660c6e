// Pages, layouts and server actions under app/ go through domain functions (server/<feature>/)
// or tRPC: no Prisma, and no `instanceof TRPCError` (error classes do not survive the
// boundaries between Next's server bundles; read the error's code as data).
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const appDir = join(root, "app");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const files = sources(appDir).map((path) => ({ path: relative(root, path), text: readFileSync(path, "utf8") }));

describe("app/ reaches the database only through domain functions", () => {
  it("no page, layout, action or route handler imports the database client", () => {
    const offenders = files.filter((f) => /from\s+["']@\/server\/db["']/.test(f.text)).map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it("nothing under app/ tells errors apart with instanceof TRPCError", () => {
    expect(files.filter((f) => /instanceof\s+TRPCError/.test(f.text)).map((f) => f.path)).toEqual([]);
  });
});
