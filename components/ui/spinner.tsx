import { Loader2Icon } from "lucide-react";

import { cn } from "@/lib/utils";

const sizes = { sm: "size-4", md: "size-5", lg: "size-8" } as const;

export type SpinnerProps = Omit<React.ComponentProps<"span">, "children"> & {
  size?: keyof typeof sizes;
  /**
   * Announced to screen readers through a polite live region. Pass `null` when the
   * spinner sits inside something that already says it is busy (e.g. a loading button).
   */
  label?: string | null;
};

export function Spinner({ size = "md", label = "Loading…", className, ...props }: SpinnerProps) {
  const decorative = label === null;
  return (
    <span
      data-slot="spinner"
      role={decorative ? undefined : "status"}
      aria-hidden={decorative || undefined}
      className={cn("inline-flex shrink-0 items-center justify-center print:hidden", className)}
      {...props}
    >
      <Loader2Icon aria-hidden="true" className={cn("animate-spin", sizes[size])} />
      {decorative ? null : <span className="sr-only">{label}</span>}
    </span>
  );
}
