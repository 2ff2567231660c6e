"use client";

import type { ReactNode } from "react";
import { ThemeProvider } from "@/components/theme/theme-provider";

// The tRPC client (with react-query and superjson) and the toaster (sonner, on the first toast) are mounted by the
// signed-in shell (components/auth/signed-in-shell.tsx), the only place that raises toasts, so
// the sign-in, join and error pages do not download them.
export function Providers({ children, nonce }: { children: ReactNode; nonce?: string }) {
  return (
    <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange nonce={nonce}>
      {children}
    </ThemeProvider>
  );
}
