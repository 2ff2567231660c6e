import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { env } from "@/env";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: env.CLINIC_NAME, template: `%s · ${env.CLINIC_NAME}` },
  description: "Video consultations, live vitals and visit billing.",
  robots: { index: false, follow: false },
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh bg-background text-foreground antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
