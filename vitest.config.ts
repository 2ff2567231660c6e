import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const shared = {
  resolve: {
    alias: [
      { find: /^@\/(.*)$/, replacement: `${root}$1` },
      // Next enforces "server-only" at build time; under vitest every module is server-side.
      { find: /^server-only$/, replacement: `${root}tests/setup/empty.ts` },
      // next-auth imports "next/server" without an extension, which Node's ESM resolver refuses.
      { find: /^next\/(server|headers|navigation)$/, replacement: "next/$1.js" },
    ],
  },
};
// .cache holds tool caches and bench copies of the project (bench --builds): not this checkout's tests.
const exclude = ["node_modules/**", ".next/**", ".data/**", ".cache/**", "e2e/**"];

export default defineConfig({
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: "unit",
          include: ["**/*.test.ts", "**/*.test.tsx"],
          exclude: [...exclude, "**/*.int.test.ts"],
          environment: "node",
          env: { AUTH_SECRET: "unit-test-secret-unit-test-secret-0000", LOG_LEVEL: "silent" },
        },
      },
      {
        ...shared,
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude,
          environment: "node",
          globalSetup: ["tests/setup/global-setup.ts"],
          // Bundled by Vite so that next-auth's extensionless "next/server" import resolves.
          server: { deps: { inline: ["next-auth", "@auth/core"] } },
          setupFiles: ["tests/setup/int-setup.ts"],
          // One database for the run; files take turns and each starts from a clean slate.
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
