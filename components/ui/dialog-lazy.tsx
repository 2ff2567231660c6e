"use client";

// The dialog primitives of ./dialog (Radix Dialog: focus trap, scroll lock, dismissable layer,
// ~11 KiB gz), downloaded the first time a controlled dialog opens rather than with the page:
// for dialogs that open from a button, such as acknowledging an alert. Same props; a dialog
// that has never been open renders nothing.

import dynamic from "next/dynamic";
import { useState, type ComponentProps } from "react";
import type * as Eager from "./dialog";

const load = () => import("./dialog");

const Root = dynamic(() => load().then((m) => m.Dialog), { ssr: false });
export const DialogContent = dynamic(() => load().then((m) => m.DialogContent), { ssr: false });
export const DialogHeader = dynamic(() => load().then((m) => m.DialogHeader), { ssr: false });
export const DialogFooter = dynamic(() => load().then((m) => m.DialogFooter), { ssr: false });
export const DialogTitle = dynamic(() => load().then((m) => m.DialogTitle), { ssr: false });
export const DialogDescription = dynamic(() => load().then((m) => m.DialogDescription), { ssr: false });

export function Dialog({ open, ...props }: ComponentProps<typeof Eager.Dialog> & { open: boolean }) {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened ? <Root open={open} {...props} /> : null;
}
