import { clsx, type ClassValue } from "clsx";

/**
 * Joins class names. It does not resolve Tailwind conflicts (tailwind-merge cost every page
 * about 8 KiB gz): when two classes set the same property, the one later in the stylesheet
 * wins, not the one later here. So a component's classes never conflict among themselves
 * (give each variant its own complete set), and a caller that overrides a primitive's base
 * class marks it important, e.g. `<CardTitle className="text-base!">`.
 */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
