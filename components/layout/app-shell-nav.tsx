"use client";

// The parts of the signed-in frame that follow the route: the sidebar's and the phone bar's
// links (the current page marked) and the phone bar's "More" sheet. The rest of the frame
// (top bar, user, main) is rendered on the server by ./app-shell.tsx, so its markup is not
// downloaded again as client code on every signed-in page.

import { useRef, useState } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { MenuIcon } from "lucide-react";

import { cn } from "@/lib/utils";
import { clientOnly } from "@/components/common/client-only";
import type { NavItem } from "./app-shell";
import { NavItemIcon } from "./nav-item-icon";

const loadMoreSheet = () => import("./more-sheet").then((m) => m.MoreSheet);
const MoreSheet = clientOnly(loadMoreSheet);
function preloadMoreSheet() {
  void loadMoreSheet();
}

/** A phone bottom bar fits five targets; with more, the last slot becomes "More". */
const MAX_BOTTOM_ITEMS = 5;

/** The item whose href is the longest prefix of the path, so "/clinician" and "/clinician/visits" never both light up. */
function activeHref(pathname: string, nav: readonly NavItem[]): string | undefined {
  let best: string | undefined;
  for (const { href } of nav) {
    const matches = pathname === href || pathname.startsWith(href.endsWith("/") ? href : `${href}/`);
    if (matches && (best === undefined || href.length > best.length)) best = href;
  }
  return best;
}

/** The sidebar's links (desktop), the current page marked. */
export function SidebarNav({ nav }: { nav: readonly NavItem[] }) {
  const current = activeHref(usePathname() ?? "/", nav);
  return (
    <nav aria-label="Main" className="flex flex-col gap-1 p-3">
      {nav.map((item) => (
        <SidebarLink key={item.href} item={item} active={item.href === current} />
      ))}
    </nav>
  );
}

function SidebarLink({ item, active }: { item: NavItem; active: boolean }) {
  return (
    <Link
      href={item.href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "relative flex min-h-10 items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
        "[&_svg]:size-[1.125rem] [&_svg]:shrink-0",
        active
          ? "bg-accent text-foreground before:absolute before:inset-y-1.5 before:left-0 before:w-1 before:rounded-full before:bg-primary [&_svg]:text-primary"
          : "text-muted-foreground hover:bg-accent hover:text-foreground",
      )}
    >
      <NavItemIcon icon={item.icon} />
      <span className="truncate">{item.label}</span>
    </Link>
  );
}

const bottomItemClasses = (active: boolean) =>
  cn(
    "relative flex min-h-14 min-w-0 flex-1 flex-col items-center justify-center gap-0.5 px-1 pt-1.5 pb-1 text-xs font-medium",
    "focus-visible:-outline-offset-2 [&_svg]:size-6 [&_svg]:shrink-0",
    active
      ? "text-primary before:absolute before:inset-x-3 before:top-0 before:h-0.5 before:rounded-full before:bg-primary"
      : "text-muted-foreground hover:text-foreground",
  );

/** The phone bar: up to five targets, the last one "More" when there are more. */
export function BottomNav({ nav }: { nav: readonly NavItem[] }) {
  const current = activeHref(usePathname() ?? "/", nav);
  const [moreOpen, setMoreOpen] = useState(false);
  const [moreWanted, setMoreWanted] = useState(false);
  const moreRef = useRef<HTMLButtonElement>(null);
  const overflowing = nav.length > MAX_BOTTOM_ITEMS;
  const primary = overflowing ? nav.slice(0, MAX_BOTTOM_ITEMS - 1) : nav;
  const rest = overflowing ? nav.slice(MAX_BOTTOM_ITEMS - 1) : [];
  const moreActive = rest.some((item) => item.href === current);

  return (
    <nav
      aria-label="Main"
      data-slot="bottom-nav"
      className="fixed inset-x-0 bottom-0 z-40 border-t bg-background/95 pb-[env(safe-area-inset-bottom)] backdrop-blur supports-[backdrop-filter]:bg-background/90 md:hidden print:hidden"
    >
      <ul className="flex">
        {primary.map((item) => {
          const active = item.href === current;
          return (
            <li key={item.href} className="flex min-w-0 flex-1">
              <Link href={item.href} aria-current={active ? "page" : undefined} className={bottomItemClasses(active)}>
                <NavItemIcon icon={item.icon} />
                <span className="max-w-full truncate">{item.label}</span>
              </Link>
            </li>
          );
        })}
        {overflowing ? (
          <li className="flex min-w-0 flex-1">
            <button
              ref={moreRef}
              type="button"
              aria-haspopup="dialog"
              aria-expanded={moreOpen}
              className={bottomItemClasses(moreActive)}
              // Start the sheet's download as a finger or pointer comes near, so it opens at once.
              onPointerEnter={preloadMoreSheet}
              onTouchStart={preloadMoreSheet}
              onFocus={preloadMoreSheet}
              onClick={() => {
                setMoreWanted(true);
                setMoreOpen(true);
              }}
            >
              <MenuIcon aria-hidden="true" />
              <span>More</span>
            </button>
            {moreWanted ? <MoreSheet items={rest} current={current} open={moreOpen} onOpenChange={setMoreOpen} triggerRef={moreRef} /> : null}
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
