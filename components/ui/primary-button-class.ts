/**
 * The classes `buttonVariants()` gives a default button (`button.test.ts` holds the two
 * equal), as a plain string for the root error boundary (`app/error.tsx`). That boundary is
 * loaded on every page, and Turbopack does not let a page's chunk reuse the modules of a
 * boundary's chunk: with `<Button>` there, every page shipped Button, its spinner, lucide's
 * icon base, the Radix Slot, cva and clsx twice (about 4 KiB gz).
 */
export const PRIMARY_BUTTON_CLASS =
  "inline-flex shrink-0 items-center justify-center gap-2 whitespace-nowrap rounded-md font-medium transition-colors select-none cursor-pointer print:hidden focus-visible:outline-2 focus-visible:outline-offset-2 disabled:pointer-events-none disabled:opacity-55 aria-disabled:pointer-events-none aria-disabled:opacity-55 [&_svg]:pointer-events-none [&_svg]:shrink-0 [&_svg:not([class*='size-'])]:size-4 bg-primary text-primary-foreground shadow-sm hover:bg-primary-hover text-sm h-11 px-4 md:h-10 focus-visible:outline-ring";
