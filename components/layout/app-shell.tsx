"use client";

import { useRef, useState } from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { LogOutIcon, MenuIcon } from "lucide-react";

import { markSigningOut } from "@/lib/auth/signing-out";
import { SHELL_TID as TID } from "@/lib/shell-test-ids";
import { cn } from "@/lib/utils";
import { Button } from "@/components/ui/button";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { Logo } from "@/components/layout/logo";
import { clientOnly } from "@/components/common/client-only";

export type NavItem = {
  href: string;
  label: string;
  /**
   * An icon element such as `<CalendarIcon />`. An element, not a component, so a server
   * layout can pass it to this client component.
   */
  icon?: React.ReactNode;
};

export type AppShellUser = {
  name: string;
  /** Shown under the name. An enum value such as "CLINICIAN" is shown as "Clinician". */
  role: string;
};

export type AppShellProps = {
  user: AppShellUser;
  nav: readonly NavItem[];
  children: React.ReactNode;
  /** Where the product name links to, usually the audience's home page. */
  homeHref?: string;
  /** Shown in the top bar on every screen size, e.g. a realtime connection indicator. */
  connectionSlot?: React.ReactNode;
  /**
   * Server action behind the built-in "Sign out" button. It is a plain form submit, so it
   * works before hydration and may redirect.
   */
  onSignOutAction?: (formData: FormData) => void | Promise<void>;
  /** Your own sign-out control, shown instead of the built-in button. */
  signOutSlot?: React.ReactNode;
  /** Classes for the box around `children`; it is `max-w-6xl` by default. */
  contentClassName?: string;
};

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

function formatRole(role: string): string {
  if (!/^[A-Z_]+$/.test(role)) return role;
  const words = role.toLowerCase().replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.charAt(0) ?? "";
  const last = parts.length > 1 ? (parts[parts.length - 1]?.charAt(0) ?? "") : "";
  return (first + last).toUpperCase() || "?";
}

/** The frame of every signed-in page: top bar, navigation (sidebar on desktop, bottom bar on phones) and main. */
export function AppShell({ user, nav, children, homeHref = "/", connectionSlot, onSignOutAction, signOutSlot, contentClassName }: AppShellProps) {
  const pathname = usePathname() ?? "/";
  const current = activeHref(pathname, nav);
  const hasNav = nav.length > 0;

  return (
    <div data-slot="app-shell" className="min-h-dvh bg-background">
      <a
        href="#main-content"
        className="sr-only z-[60] rounded-md bg-primary px-4 py-3 font-medium text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        Skip to main content
      </a>

      <header className="sticky top-0 z-40 border-b bg-background/95 pt-[env(safe-area-inset-top)] backdrop-blur supports-[backdrop-filter]:bg-background/85 print:hidden">
        <div className="flex h-14 items-center gap-2 px-3 md:px-4">
          <Logo href={homeHref} compact className="pr-2" />
          <div className="ml-auto flex min-w-0 items-center gap-1 md:gap-2">
            {connectionSlot ? <div className="flex min-w-0 items-center">{connectionSlot}</div> : null}
            <ThemeToggle />
            <UserArea user={user} onSignOutAction={onSignOutAction} signOutSlot={signOutSlot} />
          </div>
        </div>
      </header>

      <div className="md:flex">
        {hasNav ? (
          <aside className="sticky top-14 hidden h-[calc(100dvh-3.5rem)] w-60 shrink-0 overflow-y-auto border-r bg-muted/40 md:block print:hidden">
            <nav aria-label="Main" className="flex flex-col gap-1 p-3">
              {nav.map((item) => (
                <SidebarLink key={item.href} item={item} active={item.href === current} />
              ))}
            </nav>
          </aside>
        ) : null}

        <main
          id="main-content"
          tabIndex={-1}
          className={cn(
            "min-w-0 flex-1 px-4 py-6 outline-none md:px-8 md:py-8 print:p-0",
            // Room for the fixed bottom bar on phones.
            hasNav && "pb-[calc(5.5rem+env(safe-area-inset-bottom))] md:pb-8",
          )}
        >
          <div className={cn("mx-auto w-full max-w-6xl", contentClassName)}>{children}</div>
        </main>
      </div>

      {hasNav ? <BottomNav nav={nav} current={current} /> : null}
    </div>
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
      {item.icon ? (
        <span aria-hidden="true" className="contents">
          {item.icon}
        </span>
      ) : null}
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

function BottomNav({ nav, current }: { nav: readonly NavItem[]; current: string | undefined }) {
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
                {item.icon ? (
                  <span aria-hidden="true" className="contents">
                    {item.icon}
                  </span>
                ) : null}
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

function UserArea({ user, onSignOutAction, signOutSlot }: Pick<AppShellProps, "user" | "onSignOutAction" | "signOutSlot">) {
  const role = formatRole(user.role);
  return (
    <div data-testid={TID.userMenu} className="flex items-center gap-1 md:gap-2">
      <div className="flex items-center gap-2 md:px-1" title={`${user.name} · ${role}`}>
        <span
          aria-hidden="true"
          className="flex size-9 shrink-0 items-center justify-center rounded-full bg-secondary text-sm font-semibold text-secondary-foreground ring-1 ring-border md:size-8"
        >
          {initials(user.name)}
        </span>
        {/* Phones show the initials only; the full name and role stay available to screen readers. */}
        <span className="sr-only flex-col leading-tight md:not-sr-only md:flex">
          <span className="max-w-44 truncate text-sm font-medium">{user.name}</span>
          <span className="text-xs text-muted-foreground">
            <span className="sr-only">, </span>
            {role}
          </span>
        </span>
      </div>
      {signOutSlot ??
        (onSignOutAction ? (
          // Queries failing UNAUTHORIZED while the sign-out lands must not send the tab to "session ended".
          <form action={onSignOutAction} onSubmit={() => markSigningOut()}>
            <Button type="submit" variant="ghost" size="sm" className="max-md:w-11 max-md:px-0" data-testid={TID.signOut}>
              <LogOutIcon aria-hidden="true" />
              <span className="sr-only md:not-sr-only">Sign out</span>
            </Button>
          </form>
        ) : null)}
    </div>
  );
}
