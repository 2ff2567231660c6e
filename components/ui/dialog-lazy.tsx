"use client";

// The dialog primitives of ./dialog (Radix Dialog: focus trap, scroll lock, dismissable layer,
// ~11 KiB gz), downloaded the first time a controlled dialog opens rather than with the page:
// for dialogs that open from a button, such as acknowledging an alert. Same props; a dialog
// that has never been open renders nothing.

import { useState, type ComponentProps } from "react";
import { clientOnly } from "@/components/common/client-only";
import type * as Eager from "./dialog";

const load = () => import("./dialog");

const Root = clientOnly(() => load().then((m) => m.Dialog));
export const DialogContent = clientOnly(() => load().then((m) => m.DialogContent));
export const DialogHeader = clientOnly(() => load().then((m) => m.DialogHeader));
export const DialogFooter = clientOnly(() => load().then((m) => m.DialogFooter));
export const DialogTitle = clientOnly(() => load().then((m) => m.DialogTitle));
export const DialogDescription = clientOnly(() => load().then((m) => m.DialogDescription));

export function Dialog({ open, ...props }: ComponentProps<typeof Eager.Dialog> & { open: boolean }) {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened ? <Root open={open} {...props} /> : null;
}
