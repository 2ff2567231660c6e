"use client";

import { useSyncExternalStore } from "react";
import { clientOnly } from "@/components/common/client-only";
import { toasterWanted } from "./toast";

const Toaster = clientOnly(() => import("./toaster").then((m) => m.Toaster));

/** Mounted once by the signed-in shell; renders the Toaster (and loads sonner) once the first `toast` from ./toast is raised. */
export function LazyToaster() {
  const wanted = useSyncExternalStore(toasterWanted.subscribe, toasterWanted.get, () => false);
  return wanted ? <Toaster /> : null;
}
