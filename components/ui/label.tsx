"use client";

import { cn } from "@/lib/utils";

export type LabelProps = React.ComponentProps<"label">;

/**
 * A form label. A plain `<label>` with Radix Label's one behaviour (a double click on the
 * label does not select its text, unless it lands on a control inside it), without shipping
 * Radix's primitive layer to pages that have no other Radix component (the sign-in page).
 */
export function Label({ className, onMouseDown, ...props }: LabelProps) {
  return (
    <label
      data-slot="label"
      className={cn(
        "flex items-center gap-1.5 text-sm leading-snug font-medium text-foreground select-none",
        "peer-disabled:cursor-not-allowed peer-disabled:opacity-70",
        className,
      )}
      onMouseDown={(event) => {
        if ((event.target as HTMLElement).closest("button, input, select, textarea")) return;
        onMouseDown?.(event);
        if (!event.defaultPrevented && event.detail > 1) event.preventDefault();
      }}
      {...props}
    />
  );
}
