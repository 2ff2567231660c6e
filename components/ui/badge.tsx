import { Slot } from "@/components/ui/slot";
import { cva, type VariantProps } from "class-variance-authority";

import { cn } from "@/lib/utils";

export const badgeVariants = cva(
  [
    "inline-flex w-fit shrink-0 items-center gap-1 whitespace-nowrap rounded-full border px-2.5 py-0.5",
    "text-xs leading-5 font-semibold [&>svg]:pointer-events-none [&>svg]:size-3.5",
  ],
  {
    variants: {
      variant: {
        default: "border-transparent bg-primary text-primary-foreground",
        secondary: "border-transparent bg-secondary text-secondary-foreground",
        outline: "border-input text-foreground",
        info: "border-info-border bg-info-subtle text-info-subtle-foreground",
        success: "border-success-border bg-success-subtle text-success-subtle-foreground",
        warning: "border-warning-border bg-warning-subtle text-warning-subtle-foreground",
        destructive: "border-destructive-border bg-destructive-subtle text-destructive-subtle-foreground",
        // NEWS2 bands. The darker border keeps yellow/orange visible on white.
        "risk-low": "border-transparent bg-risk-low text-risk-low-foreground",
        "risk-low-medium": "border-risk-low-medium-foreground/25 bg-risk-low-medium text-risk-low-medium-foreground",
        "risk-medium": "border-risk-medium-foreground/25 bg-risk-medium text-risk-medium-foreground",
        "risk-high": "border-transparent bg-risk-high text-risk-high-foreground",
      },
    },
    defaultVariants: { variant: "default" },
  },
);

export type BadgeProps = React.ComponentProps<"span"> & VariantProps<typeof badgeVariants> & { asChild?: boolean };

export function Badge({ className, variant, asChild = false, ...props }: BadgeProps) {
  const Comp = asChild ? Slot : "span";
  const isRisk = typeof variant === "string" && variant.startsWith("risk-");
  return (
    <Comp data-slot="badge" data-risk={isRisk ? variant.slice("risk-".length) : undefined} className={cn(badgeVariants({ variant }), className)} {...props} />
  );
}

/** Mirrors the `News2Risk` enum in prisma/schema.prisma without importing server code. */
export type News2RiskLevel = "LOW" | "LOW_MEDIUM" | "MEDIUM" | "HIGH";

const riskPresentation = {
  LOW: { variant: "risk-low", label: "Low" },
  LOW_MEDIUM: { variant: "risk-low-medium", label: "Low–medium" },
  MEDIUM: { variant: "risk-medium", label: "Medium" },
  HIGH: { variant: "risk-high", label: "High" },
} as const satisfies Record<News2RiskLevel, { variant: BadgeProps["variant"]; label: string }>;

export type RiskBadgeProps = Omit<BadgeProps, "variant" | "asChild"> & {
  risk: News2RiskLevel;
  /** Aggregate NEWS2 score, shown before the band when given. */
  score?: number;
};

/**
 * A NEWS2 band as a coloured pill. The band is always written out, so the colour is
 * never the only carrier of meaning.
 */
export function RiskBadge({ risk, score, children, ...props }: RiskBadgeProps) {
  const { variant, label } = riskPresentation[risk];
  return (
    <Badge variant={variant} {...props}>
      {children ?? (
        <>
          {score === undefined ? null : <span className="tabular-nums">NEWS2 {score}</span>}
          {score === undefined ? null : <span aria-hidden="true">·</span>}
          <span>{label} risk</span>
        </>
      )}
    </Badge>
  );
}
