import { defineConfig } from "prisma/config";

// Migrations are created and applied by scripts/db/* through Prisma's WebAssembly schema
// engine (works offline); the CLI here is only used for `prisma generate`.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});
