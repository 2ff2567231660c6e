// ESLint (flat config): Next.js's rules (core web vitals + TypeScript) plus the type-aware
// promise rules from typescript-eslint. Formatting is Prettier's job (`npm run format`), so no
// stylistic rule lives here. `npm run lint` runs this and `prettier --check`; `npm test` runs it.
//
// The rule set is deliberately small. Every rule here is an error and catches a real defect:
// - no-floating-promises / no-misused-promises: a promise nobody awaits loses its rejection
//   (an unhandled rejection kills a Node process; in the browser an error silently vanishes).
//   Fire-and-forget is allowed only when written as `void promise` — a visible decision.
//   `checksVoidReturn.attributes` is off: React's onClick={async () => …} is the normal way to
//   start a mutation from an event handler and the handlers report their own errors.
// - await-thenable: awaiting a non-promise is a typo that hides an ordering bug.
// - no-unused-vars with `_` escapes: dead code and forgotten parameters.
// - react-hooks (from Next's config): exhaustive deps and the rules of hooks.
// - no-restricted-properties on invalidateQueries / refetchQueries: both join a query's first
//   load when it is still in flight, which may have been read before the change being refreshed
//   (stale data shown as fresh). `refreshQueries` in trpc/refresh.ts is the one way to refresh.
// - no-restricted-syntax on a tRPC router's `.output(schema)`: tRPC would check the output with
//   zod's parseAsync, ×5–7 the CPU of parse on a list; `.output(syncOutput(schema))`
//   (server/api/sync-output.ts).
// Next 16's React Compiler rules (react-hooks/set-state-in-effect, refs, purity, …) are warnings
// in its config; they are turned off here because they flag patterns the app uses on purpose
// (syncing state from realtime events in effects) and the app is not compiled with the React
// Compiler. `--max-warnings=0` makes any remaining warning fail the lint.
// A disable comment must say why on the same line: `// eslint-disable-next-line rule -- reason`
// (eslint-comments/require-description enforces it; stale ones fail via reportUnusedDisableDirectives).
import comments from "@eslint-community/eslint-plugin-eslint-comments/configs";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".data/**",
      ".cache/**",
      "coverage/**",
      "playwright-report/**",
      "test-results/**",
      "server/generated/**",
      "prisma/migrations/**",
      "next-env.d.ts",
    ],
  },
  ...nextVitals,
  ...nextTs,
  comments.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@eslint-community/eslint-comments/require-description": ["error", { ignore: [] }],
      "@eslint-community/eslint-comments/disable-enable-pair": ["error", { allowWholeFile: true }],
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": ["error", { ignoreVoid: true }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
    },
  },
  {
    rules: {
      // React Compiler advisories (see above): the app does not use the compiler.
      "react-hooks/set-state-in-effect": "off",
      "react-hooks/refs": "off",
      "react-hooks/purity": "off",
      "react-hooks/immutability": "off",
      "react-hooks/preserve-manual-memoization": "off",
      "react-hooks/static-components": "off",
      "react-hooks/incompatible-library": "off",
      "react-hooks/use-memo": "off",
      "react-hooks/error-boundaries": "off",
      "react-hooks/globals": "off",
      "react-hooks/unsupported-syntax": "off",
      "react-hooks/config": "off",
      "react-hooks/gating": "off",
      "react-hooks/component-hook-factories": "off",
    },
  },
  {
    rules: {
      "no-restricted-properties": [
        "error",
        ...["invalidateQueries", "refetchQueries"].map((property) => ({
          property,
          message: "Use refreshQueries(queryClient, filters) from @/trpc/refresh: this joins a first load still in flight, read before the change.",
        })),
      ],
    },
  },
  {
    // The helper itself, and its test showing what react-query does without it.
    files: ["trpc/refresh.ts", "trpc/refresh.test.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    files: ["server/api/routers/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='output'] > :not(CallExpression[callee.name='syncOutput']).arguments",
          message: "Wrap the output schema: .output(syncOutput(schema)) checks it with zod's synchronous parse (see server/api/sync-output.ts).",
        },
      ],
    },
  },
  {
    // Playwright fixtures call their callback `use`, which the rules of hooks mistake for React's.
    files: ["e2e/**", "scripts/cluster/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
);
