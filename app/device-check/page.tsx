import { Logo } from "@/components/layout/logo";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { DeviceCheckFlow } from "@/components/call/device-check-flow";
import { env } from "@/env";

export const metadata = { title: "Test your camera and connection" };
// ICE servers are runtime configuration: render per request, never at build time.
export const dynamic = "force-dynamic";

// Anyone may open this before a visit; nothing here touches patient information. The ICE
// servers are the clinic's STUN/TURN settings, so the test call takes the same routes a
// real one would.
export default function DeviceCheckPage() {
  return (
    <div className="flex min-h-dvh flex-col bg-muted/60 dark:bg-background">
      <header className="flex items-center justify-between px-4 py-3 sm:px-6">
        <Logo />
        <ThemeToggle />
      </header>
      <main id="main-content" className="mx-auto flex w-full max-w-5xl flex-1 flex-col gap-6 px-4 pt-4 pb-12">
        <header>
          <h1 className="text-2xl font-semibold tracking-tight md:text-3xl">Test your camera and connection</h1>
          <p className="mt-1 max-w-prose text-muted-foreground">
            Check that your camera, microphone and speaker work, then try a test call. You can do this any time before your visit.
          </p>
        </header>
        <DeviceCheckFlow iceServers={env.ICE_SERVERS} />
      </main>
    </div>
  );
}
