import { cn } from "@/lib/utils";

/** Shared look of single- and multi-line text controls. */
export const fieldControlClasses = cn(
  "w-full min-w-0 rounded-md border border-input bg-background text-base text-foreground shadow-xs md:text-sm",
  "placeholder:text-muted-foreground transition-[border-color,box-shadow]",
  "focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring focus-visible:border-ring",
  "disabled:cursor-not-allowed disabled:bg-muted disabled:opacity-70",
  "read-only:bg-muted",
  "aria-[invalid=true]:border-destructive aria-[invalid=true]:focus-visible:outline-destructive",
);

export type InputProps = React.ComponentProps<"input">;

// text-base below md stops iOS Safari from zooming the page when an input gains focus.
export function Input({ className, type = "text", ...props }: InputProps) {
  return (
    <input
      data-slot="input"
      type={type}
      className={cn(
        fieldControlClasses,
        "h-11 px-3 py-2 md:h-10",
        "file:mr-3 file:border-0 file:bg-transparent file:text-sm file:font-medium file:text-foreground",
        className,
      )}
      {...props}
    />
  );
}
