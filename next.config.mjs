// Importing env.js validates the configuration at build and start.
import "./env.js";
import { staticSecurityHeaders } from "./lib/http/security-headers.js";

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Source maps of the browser chunks only for a build made to be measured
  // (bench/pages/weights.ts --sources); a normal build publishes none.
  productionBrowserSourceMaps: process.env.BEDSIDE_BROWSER_SOURCE_MAPS === "1",
  typedRoutes: false,
  // forbidden() renders app/forbidden.tsx with HTTP 403.
  experimental: { authInterrupts: true },
  serverExternalPackages: ["pino", "@electric-sql/pglite", "@electric-sql/pglite-socket", "@soketi/soketi", "livekit-server-sdk"],
  async headers() {
    return [
      {
        source: "/:path*",
        headers: staticSecurityHeaders(process.env.NODE_ENV === "production"),
      },
    ];
  },
};

export default nextConfig;
