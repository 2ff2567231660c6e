import type { z } from "zod";

/**
 * A procedure's output schema, checked with zod's synchronous `parse`: every `.output(…)` goes
 * through this (the lint forbids a bare schema there). Given a zod schema, tRPC checks the output
 * with `parseAsync`, under which zod 4 skips its compiled object parser and checks every field as
 * a possible promise: on a 100-row consultation list that is ~350 µs of CPU and its garbage per
 * response against ~45 µs (bench/trpc/output-parse.ts). Output schemas check plain data and have
 * no async refinements, so the check and its failure (tRPC's "Output validation failed", a 500
 * logged by errorMapping) are the same.
 */
export function syncOutput<S extends z.ZodType>(schema: S): (value: unknown) => z.output<S> {
  return (value) => schema.parse(value);
}
