"use client";

import { useTheme } from "next-themes";
import { Toaster as Sonner, type ToasterProps } from "sonner";

// For ./toast.ts, which loads this module (not "sonner" itself) so sonner is one chunk.
export { toast as sonnerToast } from "sonner";

import { useHydrated } from "@/components/theme/use-hydrated";

/*
 * Sonner's own rich colours miss AA (its amber text on pale yellow is ~3:1), so every toast
 * colour is taken from the design tokens, which flip with the theme.
 */
const tokenStyle = {
  "--normal-bg": "var(--popover)",
  "--normal-text": "var(--popover-foreground)",
  "--normal-border": "var(--border)",
  "--success-bg": "var(--success-subtle)",
  "--success-text": "var(--success-subtle-foreground)",
  "--success-border": "var(--success-border)",
  "--info-bg": "var(--info-subtle)",
  "--info-text": "var(--info-subtle-foreground)",
  "--info-border": "var(--info-border)",
  "--warning-bg": "var(--warning-subtle)",
  "--warning-text": "var(--warning-subtle-foreground)",
  "--warning-border": "var(--warning-border)",
  "--error-bg": "var(--destructive-subtle)",
  "--error-text": "var(--destructive-subtle-foreground)",
  "--error-border": "var(--destructive-border)",
  "--border-radius": "var(--radius)",
} as React.CSSProperties;

/** Mounted by <LazyToaster> (signed-in shell, inside the root `ThemeProvider`) on the first `toast` from ./toast. */
export function Toaster({ style, toastOptions, ...props }: ToasterProps) {
  const { resolvedTheme } = useTheme();
  const hydrated = useHydrated();
  const theme = hydrated && (resolvedTheme === "light" || resolvedTheme === "dark") ? resolvedTheme : "system";
  return (
    <Sonner
      theme={theme}
      richColors
      closeButton
      // Keep toasts clear of the phone bottom navigation of AppShell.
      mobileOffset={{ bottom: "calc(4.5rem + env(safe-area-inset-bottom))" }}
      style={{ ...tokenStyle, ...style }}
      toastOptions={{
        ...toastOptions,
        classNames: {
          toast: "font-sans text-sm shadow-lg",
          description: "text-current! opacity-90",
          actionButton: "bg-primary! text-primary-foreground!",
          cancelButton: "bg-secondary! text-secondary-foreground!",
          ...toastOptions?.classNames,
        },
      }}
      {...props}
    />
  );
}
