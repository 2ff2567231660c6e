"use client";
// Forms validate in the browser with the very zod schema the procedure declares as its input
// (`server/api/routers/<feature>/schemas.ts`), through react-hook-form's zod resolver; what only
// the server can know comes back as the error formatter's `issues` and lands on the same fields.
import { zodResolver } from "@hookform/resolvers/zod";
import { type DefaultValues, type FieldValues, type Path, type UseFormReturn, useForm } from "react-hook-form";
import type { z } from "zod";
import { fieldErrors } from "@/lib/client-errors";

/** A react-hook-form form checked against `schema` (errors shown once a field was touched, and on submit). */
export function useSchemaForm<S extends z.ZodType<FieldValues, FieldValues>>(schema: S, defaultValues?: DefaultValues<z.input<S>>) {
  return useForm<z.input<S>, unknown, z.output<S>>({ resolver: zodResolver(schema), defaultValues, mode: "onTouched" });
}

/**
 * Puts the server's field issues (zod issues from the procedure, `{ path, message }`) on the
 * form's fields. Returns true when at least one landed on a field the form shows, so the
 * caller shows a general alert only for the rest.
 */
export function applyServerErrors<T extends FieldValues>(form: Pick<UseFormReturn<T>, "setError">, err: unknown, fields: readonly Path<T>[]): boolean {
  let placed = false;
  for (const [path, message] of Object.entries(fieldErrors(err))) {
    if (!(fields as readonly string[]).includes(path)) continue;
    form.setError(path as Path<T>, { type: "server", message }, { shouldFocus: !placed });
    placed = true;
  }
  return placed;
}
