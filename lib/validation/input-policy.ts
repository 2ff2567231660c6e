import { z } from "zod";

// One input policy at the boundary, for every tRPC procedure and route handler: text
// PostgreSQL can store (no NUL, no lone UTF-16 surrogates), ids in the shape ids have, and
// dates within a clinical range that PostgreSQL can also hold. The tRPC procedure ladder
// checks every raw input with `inputPolicyIssues` before its schema runs, and schemas use
// the zod pieces below, so a bad value answers 400 naming the field instead of reaching
// the database (where it was a 500).

/** Dates the app accepts anywhere: births from 1850, bookings and filters until 2200. */
export const MIN_DATE = new Date("1850-01-01T00:00:00.000Z");
export const MAX_DATE = new Date("2200-01-01T00:00:00.000Z");
/** Deeper input than this is not a form or a device reading. */
export const MAX_INPUT_DEPTH = 20;

// A lone high surrogate (not followed by a low one) or a lone low surrogate.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const TEXT_MESSAGE = "Contains characters that cannot be stored (a NUL or a broken Unicode character). Remove them and try again.";
export const DATE_MESSAGE = `Enter a date between ${MIN_DATE.getUTCFullYear()} and ${MAX_DATE.getUTCFullYear()}.`;
export const ID_MESSAGE = "Not a valid id. Check the link and try again.";

/** The problem with one string, if any. */
export function textProblem(value: string): string | null {
  return value.includes("\u0000") || LONE_SURROGATE.test(value) ? TEXT_MESSAGE : null;
}

export function dateProblem(value: Date): string | null {
  const t = value.getTime();
  return Number.isNaN(t) || t < MIN_DATE.getTime() || t >= MAX_DATE.getTime() ? DATE_MESSAGE : null;
}

/** Text that PostgreSQL can store. */
export const zText = () => z.string().refine((s) => textProblem(s) === null, TEXT_MESSAGE);

/** A record id: the characters cuid/uuid-style ids are made of, at most 64 of them. */
export const zId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, ID_MESSAGE);

/** A date (Date, ISO string or epoch ms) inside the clinical range. */
export const zDate = z.coerce.date({ error: "Enter a valid date." }).refine((d) => dateProblem(d) === null, DATE_MESSAGE);

export interface InputPolicyIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Walks a raw (already deserialised) input and lists what the policy refuses: bad text in
 * any string or object key, Dates out of range, nesting deeper than MAX_INPUT_DEPTH.
 * At most `limit` issues; cycles cannot occur in parsed JSON.
 */
export function inputPolicyIssues(input: unknown, limit = 10): InputPolicyIssue[] {
  const issues: InputPolicyIssue[] = [];
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (issues.length >= limit) return;
    if (typeof value === "string") {
      const problem = textProblem(value);
      if (problem) issues.push({ path, message: problem });
      return;
    }
    if (value instanceof Date) {
      const problem = dateProblem(value);
      if (problem) issues.push({ path, message: problem });
      return;
    }
    if (typeof value !== "object" || value === null) return;
    if (path.length >= MAX_INPUT_DEPTH) {
      issues.push({ path, message: "The request is nested too deeply." });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      if (textProblem(key)) issues.push({ path: [...path, key], message: TEXT_MESSAGE });
      else visit(item, [...path, key]);
    }
  };
  visit(input, []);
  return issues;
}
