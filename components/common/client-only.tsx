"use client";

import { lazy, Suspense, type ComponentType, type ReactNode } from "react";
import { useHydrated } from "@/components/theme/use-hydrated";

/**
 * `next/dynamic(load, { ssr: false, loading })` without next/dynamic, whose loadable modules
 * are about 2 KiB gz in the signed-in frame's chunk (the frame, the admin overview's charts):
 * the part is fetched when first rendered, and rendered only after hydration — the server and
 * the hydrating render show `fallback`, as `ssr: false` does. Calling `load()` earlier (on
 * hover, say) starts the download; the bundler fetches a module once.
 */
export function clientOnly<P extends object>(load: () => Promise<ComponentType<P>>, fallback: ReactNode = null): ComponentType<P> {
  const Lazy = lazy(() => load().then((component) => ({ default: component })));
  function ClientOnly(props: P) {
    const hydrated = useHydrated();
    if (!hydrated) return fallback;
    return (
      <Suspense fallback={fallback}>
        <Lazy {...props} />
      </Suspense>
    );
  }
  return ClientOnly;
}
