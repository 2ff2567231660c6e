// The frame of every signed-in page, rendered on the server: only the navigation (which marks
// the current page), the theme menu and the sign-out form are client components.
import { LogOutIcon } from "lucide-react";

import { SHELL_TID as TID } from "@/lib/shell-test-ids";
import { cn } from "@/lib/utils";
import { Button } from "@/components/ui/button";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { Logo } from "@/components/layout/logo";
import { BottomNav, SidebarNav } from "./app-shell-nav";
import { SignOutForm } from "./sign-out-form";

export type NavItem = {
  href: string;
  label: string;
  /**
   * An icon element such as `<CalendarIcon />`. An element, not a component, so a server
   * layout can pass it through to the client navigation.
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
            <SidebarNav nav={nav} />
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

      {hasNav ? <BottomNav nav={nav} /> : null}
    </div>
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
          <SignOutForm action={onSignOutAction}>
            <Button type="submit" variant="ghost" size="sm" className="max-md:w-11 max-md:px-0" data-testid={TID.signOut}>
              <LogOutIcon aria-hidden="true" />
              <span className="sr-only md:not-sr-only">Sign out</span>
            </Button>
          </SignOutForm>
        ) : null)}
    </div>
  );
}
