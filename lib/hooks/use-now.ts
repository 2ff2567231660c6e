"use client";

import { useEffect, useState } from "react";

/**
 * The current time, re-rendering every `intervalMs` (countdowns, waiting times). Null on the
 * server and during hydration, so time-relative text never differs between the two.
 */
export function useNow(intervalMs = 1000): Date | null {
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    setNow(new Date());
    const t = window.setInterval(() => setNow(new Date()), intervalMs);
    return () => window.clearInterval(t);
  }, [intervalMs]);
  return now;
}
