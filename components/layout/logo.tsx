import Link from "next/link";

import { cn } from "@/lib/utils";

/** The Bedside mark: a pulse line in a rounded square. Decorative; the word carries the name. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" className={cn("size-8 shrink-0", className)}>
      <rect width="32" height="32" rx="8" className="fill-primary" />
      <path d="M6 17h5l2.5-6 4 11 3-7H26" fill="none" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" className="stroke-primary-foreground" />
    </svg>
  );
}

export function Logo({
  href = "/",
  className,
  compact = false,
}: {
  href?: string;
  className?: string;
  /** Keep the word for screen readers only on very narrow phones, where the top bar is full. */
  compact?: boolean;
}) {
  return (
    <Link href={href} className={cn("inline-flex min-h-11 items-center gap-2 rounded-md text-lg font-semibold tracking-tight", className)}>
      <LogoMark />
      <span className={cn(compact && "sr-only min-[360px]:not-sr-only")}>Bedside</span>
    </Link>
  );
}
