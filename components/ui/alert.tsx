import { cva, type VariantProps } from "class-variance-authority";
import { CircleAlertIcon, CircleCheckIcon, InfoIcon, TriangleAlertIcon } from "lucide-react";

import { cn } from "@/lib/utils";

export const alertVariants = cva(
  "relative grid w-full items-start gap-x-3 gap-y-1 rounded-lg border px-4 py-3 text-sm [&>svg]:mt-0.5 [&>svg]:size-4 [&>svg]:shrink-0",
  {
    variants: {
      variant: {
        info: "border-info-border bg-info-subtle text-info-subtle-foreground",
        success: "border-success-border bg-success-subtle text-success-subtle-foreground",
        warning: "border-warning-border bg-warning-subtle text-warning-subtle-foreground",
        destructive: "border-destructive-border bg-destructive-subtle text-destructive-subtle-foreground",
      },
    },
    defaultVariants: { variant: "info" },
  },
);

const icons = {
  info: InfoIcon,
  success: CircleCheckIcon,
  warning: TriangleAlertIcon,
  destructive: CircleAlertIcon,
} as const;

export type AlertProps = React.ComponentProps<"div"> &
  VariantProps<typeof alertVariants> & {
    /** Replace the variant's icon, or pass `null` for none. */
    icon?: React.ReactNode;
  };

/**
 * A callout. Warnings and errors default to `role="alert"` (announced at once, for content
 * that appears after a user action); info and success default to `role="status"`.
 * Pass another role to override, e.g. `role="note"` for static guidance that should not
 * interrupt a screen-reader user when the page loads.
 */
export function Alert({ className, variant, icon, role, children, ...props }: AlertProps) {
  const v = variant ?? "info";
  const Icon = icons[v];
  const urgent = v === "warning" || v === "destructive";
  const iconNode = icon === undefined ? <Icon aria-hidden="true" /> : icon;
  return (
    <div
      data-slot="alert"
      data-status={v}
      role={role ?? (urgent ? "alert" : "status")}
      className={cn(alertVariants({ variant: v }), iconNode ? "grid-cols-[auto_1fr]" : "grid-cols-1", className)}
      {...props}
    >
      {iconNode}
      <div className={cn("grid gap-1", iconNode ? "col-start-2" : "col-start-1")}>{children}</div>
    </div>
  );
}

export function AlertTitle({ className, ...props }: React.ComponentProps<"p">) {
  return <p data-slot="alert-title" className={cn("leading-5 font-semibold", className)} {...props} />;
}

export function AlertDescription({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="alert-description" className={cn("leading-relaxed [&_a]:font-medium [&_a]:underline [&_p]:leading-relaxed", className)} {...props} />;
}
