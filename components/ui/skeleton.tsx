import { cn } from "@/lib/utils";

/**
 * A placeholder block. It is hidden from assistive technology: announce loading once on the
 * region instead (e.g. `aria-busy="true"` on the container, or a `Spinner` with a label).
 */
export function Skeleton({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      data-slot="skeleton"
      aria-hidden="true"
      className={cn("animate-pulse rounded-md bg-muted motion-reduce:animate-none dark:bg-accent", className)}
      {...props}
    />
  );
}
