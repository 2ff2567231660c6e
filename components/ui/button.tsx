import { Slot, Slottable } from "@radix-ui/react-slot";
import { cva, type VariantProps } from "class-variance-authority";

import { cn } from "@/lib/utils";
import { Spinner } from "@/components/ui/spinner";

/*
 * Heights: 44px below `md` (touch), 40px on desktop. Buttons are screen controls, so they
 * are left out of printouts.
 */
export const buttonVariants = cva(
  [
    "inline-flex shrink-0 items-center justify-center gap-2 whitespace-nowrap rounded-md font-medium",
    "transition-colors select-none cursor-pointer print:hidden",
    "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
    "disabled:pointer-events-none disabled:opacity-55 aria-disabled:pointer-events-none aria-disabled:opacity-55",
    "[&_svg]:pointer-events-none [&_svg]:shrink-0 [&_svg:not([class*='size-'])]:size-4",
  ],
  {
    variants: {
      variant: {
        default: "bg-primary text-primary-foreground shadow-sm hover:bg-primary-hover",
        secondary: "bg-secondary text-secondary-foreground hover:bg-accent",
        outline: "border border-input bg-background text-foreground shadow-xs hover:bg-accent hover:text-accent-foreground",
        ghost: "text-foreground hover:bg-accent hover:text-accent-foreground",
        destructive: "bg-destructive text-destructive-foreground shadow-sm hover:bg-destructive/90 focus-visible:outline-destructive",
        link: "text-primary underline underline-offset-4 decoration-1 hover:decoration-2",
      },
      size: {
        sm: "h-11 px-3 text-sm md:h-8",
        default: "h-11 px-4 text-sm md:h-10",
        lg: "h-12 px-6 text-base",
        icon: "size-11 md:size-10",
        "icon-sm": "size-11 md:size-8",
      },
    },
    // A standalone text link still gets a 44px-tall target on phones.
    compoundVariants: [{ variant: "link", class: "h-auto min-h-11 px-0 md:h-auto md:min-h-0" }],
    defaultVariants: { variant: "default", size: "default" },
  },
);

export type ButtonProps = React.ComponentProps<"button"> &
  VariantProps<typeof buttonVariants> & {
    /** Render the single child (e.g. a Next `<Link>`) with button styling instead of a `<button>`. */
    asChild?: boolean;
    /** Disables the button, marks it `aria-busy` and shows a spinner before the label. */
    loading?: boolean;
  };

export function Button({ className, variant, size, asChild = false, loading = false, disabled, children, type, ...props }: ButtonProps) {
  const Comp = asChild ? Slot : "button";
  const isIcon = size === "icon" || size === "icon-sm";
  return (
    <Comp
      data-slot="button"
      className={cn(buttonVariants({ variant, size }), className)}
      // A <button> inside a form defaults to submit; make that an explicit choice.
      type={asChild ? undefined : (type ?? "button")}
      disabled={asChild ? undefined : disabled || loading}
      aria-disabled={asChild && (disabled || loading) ? true : undefined}
      aria-busy={loading || undefined}
      {...props}
    >
      {loading ? <Spinner label={null} size="sm" /> : null}
      {/* An icon button swaps its icon for the spinner so it keeps its size. */}
      {loading && isIcon && !asChild ? null : <Slottable>{children}</Slottable>}
    </Comp>
  );
}
