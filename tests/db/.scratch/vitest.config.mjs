import { defineConfig } from "vitest/config";
export default defineConfig({ test: { root: "/work/main", include: ["tests/db/**/*.int.test.ts"], environment: "node", testTimeout: 30000, hookTimeout: 120000 } });
