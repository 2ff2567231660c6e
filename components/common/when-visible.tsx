"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * Renders `children` once the placeholder comes near the viewport (`rootMargin` ahead of it),
 * so a heavy part below the fold — a chart with its library, loaded lazily (components/common/client-only.tsx) —
 * is downloaded only when someone scrolls to it. The placeholder must have the part's size,
 * so nothing moves when it is swapped in. Without IntersectionObserver, renders at once.
 */
export function WhenVisible({ children, placeholder, rootMargin = "200px" }: { children: ReactNode; placeholder: ReactNode; rootMargin?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (seen || !element) return;
    if (typeof IntersectionObserver === "undefined") return setSeen(true);
    const observer = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        observer.disconnect();
        setSeen(true);
      },
      { rootMargin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [seen, rootMargin]);
  return seen ? children : <div ref={ref}>{placeholder}</div>;
}
