"use client";

// The phone bottom bar's "More" sheet (Radix Dialog with its focus trap and scroll lock,
// ~10 KiB gz): loaded by app-shell-nav.tsx only when someone is about to open it, so the pages
// of roles whose navigation fits the bar (clinicians, patients) never download it.

import Link from "next/link";
import type { RefObject } from "react";
import { cn } from "@/lib/utils";
import { Sheet, SheetContent, SheetDescription, SheetHeader, SheetTitle } from "@/components/ui/sheet";
import type { NavItem } from "./app-shell";
import { NavItemIcon } from "./nav-item-icon";

export function MoreSheet({
  items,
  current,
  open,
  onOpenChange,
  triggerRef,
}: {
  items: readonly NavItem[];
  current: string | undefined;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The "More" button, which gets the focus back on close (it is not a Radix trigger: it renders before this loads). */
  triggerRef: RefObject<HTMLButtonElement | null>;
}) {
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent
        side="bottom"
        onCloseAutoFocus={(e) => {
          e.preventDefault();
          triggerRef.current?.focus();
        }}
      >
        <SheetHeader>
          <SheetTitle>More</SheetTitle>
          <SheetDescription className="sr-only">Other sections of Bedside</SheetDescription>
        </SheetHeader>
        <ul className="flex flex-col gap-1">
          {items.map((item) => {
            const active = item.href === current;
            return (
              <li key={item.href}>
                <Link
                  href={item.href}
                  aria-current={active ? "page" : undefined}
                  onClick={() => onOpenChange(false)}
                  className={cn(
                    "flex min-h-12 items-center gap-3 rounded-md px-3 text-base font-medium [&_svg]:size-5",
                    active ? "bg-accent text-foreground [&_svg]:text-primary" : "hover:bg-accent",
                  )}
                >
                  <NavItemIcon icon={item.icon} />
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </SheetContent>
    </Sheet>
  );
}
