import type { z } from "zod";

/**
 * A procedure's output schema, checked with zod's synchronous `parse`: every `.output(…)` goes
 * through this (the lint forbids a bare schema there). Given a zod schema, tRPC checks the output
 * with `parseAsync`, under which zod 4 skips its compiled object parser and checks every field as
 * a possible promise: on the 100-row consultation list, 380–430 µs of CPU per response against
 * 60–70 µs, and the garbage for it (bench/trpc/output-parse.ts). Output schemas check plain data
 * and have no async refinements, so the check and its failure (tRPC's "Output validation
 * failed", a 500 logged by errorMapping) are the same.
 */
export function syncOutput<S extends z.ZodType>(schema: S): (value: unknown) => z.output<S> {
  return (value) => schema.parse(value);
}
