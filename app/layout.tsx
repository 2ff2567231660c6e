import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
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

export default async function RootLayout({ children }: { children: ReactNode }) {
  // proxy.ts's per-request script nonce (reading it renders every page per request, which a
  // nonce needs anyway: a prerendered page would carry no nonce and its scripts would be refused).
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-dvh bg-background text-foreground antialiased">
        <Providers nonce={nonce}>{children}</Providers>
      </body>
    </html>
  );
}
