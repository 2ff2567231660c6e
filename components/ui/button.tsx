import { cva, type VariantProps } from "class-variance-authority";

import { cn } from "@/lib/utils";
import { renderAsChild } from "@/components/ui/slot";
import { Spinner } from "@/components/ui/spinner";

/*
 * Heights: 44px below `md` (touch), 40px on desktop. Buttons are screen controls, so they
 * are left out of printouts.
 */
const boxed = ["default", "secondary", "outline", "ghost", "destructive"] as const satisfies string[];

export const buttonVariants = cva(
  [
    "inline-flex shrink-0 items-center justify-center gap-2 whitespace-nowrap rounded-md font-medium",
    "transition-colors select-none cursor-pointer print:hidden",
    "focus-visible:outline-2 focus-visible:outline-offset-2",
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
        sm: "text-sm",
        default: "text-sm",
        lg: "text-base",
        icon: "",
        "icon-sm": "",
      },
    },
    // cn() does not merge conflicting classes, so the box of each size is given only to the
    // variants that have one, and the focus outline colour only to those that keep it.
    compoundVariants: [
      { variant: boxed, size: "sm", class: "h-11 px-3 md:h-8" },
      { variant: boxed, size: "default", class: "h-11 px-4 md:h-10" },
      { variant: boxed, size: "lg", class: "h-12 px-6" },
      { variant: boxed, size: "icon", class: "size-11 md:size-10" },
      { variant: boxed, size: "icon-sm", class: "size-11 md:size-8" },
      // A standalone text link still gets a 44px-tall target on phones.
      { variant: "link", class: "h-auto min-h-11 px-0 md:h-auto md:min-h-0" },
      { variant: [...boxed.filter((v) => v !== "destructive"), "link"], class: "focus-visible:outline-ring" },
    ],
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
  const isIcon = size === "icon" || size === "icon-sm";
  const spinner = loading ? <Spinner label={null} size="sm" /> : null;
  const shared = {
    "data-slot": "button",
    className: cn(buttonVariants({ variant, size }), className),
    "aria-busy": loading || undefined,
    ...props,
  };
  // asChild: the child (e.g. a Next <Link>) gets the button's styling and props, the spinner before its own content.
  if (asChild)
    return renderAsChild(children, { ...shared, "aria-disabled": disabled || loading ? true : undefined }, (own) =>
      spinner ? (
        <>
          {spinner}
          {own}
        </>
      ) : (
        own
      ),
    );
  return (
    // A <button> inside a form defaults to submit; make that an explicit choice.
    <button type={type ?? "button"} disabled={disabled || loading} {...shared}>
      {spinner}
      {/* An icon button swaps its icon for the spinner so it keeps its size. */}
      {loading && isIcon ? null : children}
    </button>
  );
}
