"use client";

import { useEffect, useState } from "react";

/** The current time, re-rendering every `intervalMs` (countdowns, waiting times). */
export function useNow(intervalMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = window.setInterval(() => setNow(new Date()), intervalMs);
    return () => window.clearInterval(t);
  }, [intervalMs]);
  return now;
}
