"use client";

import * as DialogPrimitive from "@radix-ui/react-dialog";
import { cva, type VariantProps } from "class-variance-authority";

import { cn } from "@/lib/utils";
import { DialogCloseButton, DialogOverlay, DialogPortal } from "@/components/ui/dialog";

/** A dialog that slides in from an edge: mobile navigation, filters, detail panels. */
export const Sheet = DialogPrimitive.Root;
export const SheetTrigger = DialogPrimitive.Trigger;
export const SheetClose = DialogPrimitive.Close;

const sheetVariants = cva("fixed z-50 flex flex-col gap-4 bg-popover text-popover-foreground shadow-xl outline-none", {
  variants: {
    side: {
      left: [
        "inset-y-0 left-0 h-full w-[min(20rem,calc(100%-3rem))] border-r p-4 pt-[max(1rem,env(safe-area-inset-top))]",
        "data-[state=open]:animate-sheet-in-left data-[state=closed]:animate-sheet-out-left",
      ],
      bottom: [
        "inset-x-0 bottom-0 max-h-[85dvh] overflow-y-auto rounded-t-xl border-t p-4 pb-[max(1rem,env(safe-area-inset-bottom))]",
        "data-[state=open]:animate-sheet-in-bottom data-[state=closed]:animate-sheet-out-bottom",
      ],
    },
  },
  defaultVariants: { side: "bottom" },
});

export type SheetContentProps = React.ComponentProps<typeof DialogPrimitive.Content> &
  VariantProps<typeof sheetVariants> & { hideCloseButton?: boolean; closeLabel?: string };

export function SheetContent({ className, side, children, hideCloseButton = false, closeLabel, ...props }: SheetContentProps) {
  return (
    <DialogPortal>
      <DialogOverlay />
      <DialogPrimitive.Content data-slot="sheet-content" className={cn(sheetVariants({ side }), className)} {...props}>
        {children}
        {hideCloseButton ? null : <DialogCloseButton label={closeLabel} className="absolute top-2 right-2" />}
      </DialogPrimitive.Content>
    </DialogPortal>
  );
}

export function SheetHeader({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="sheet-header" className={cn("flex flex-col gap-1 pr-12", className)} {...props} />;
}

export function SheetTitle({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Title>) {
  return <DialogPrimitive.Title data-slot="sheet-title" className={cn("text-base font-semibold", className)} {...props} />;
}

export function SheetDescription({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Description>) {
  return <DialogPrimitive.Description data-slot="sheet-description" className={cn("text-sm text-muted-foreground", className)} {...props} />;
}
