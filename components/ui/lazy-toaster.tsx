"use client";

import dynamic from "next/dynamic";
import { useSyncExternalStore } from "react";
import { toasterWanted } from "./toast";

const Toaster = dynamic(() => import("./toaster").then((m) => m.Toaster), { ssr: false });

/** Mounted once by the signed-in shell; renders the Toaster (and loads sonner) once the first `toast` from ./toast is raised. */
export function LazyToaster() {
  const wanted = useSyncExternalStore(toasterWanted.subscribe, toasterWanted.get, () => false);
  return wanted ? <Toaster /> : null;
}
