"use client";

// WAI-ARIA tabs (the pattern Radix Tabs implements, without its ~8 KiB gz of roving-focus,
// collection and presence machinery, which the sign-in page would otherwise download):
// one tab stop, arrow keys / Home / End move between tabs and select them (automatic
// activation), inactive panels stay in the DOM hidden and empty, as Radix left them.

import { createContext, useCallback, useContext, useId, useState, type KeyboardEvent } from "react";

import { cn } from "@/lib/utils";

interface TabsState {
  value: string | undefined;
  select: (value: string) => void;
  baseId: string;
}

const TabsContext = createContext<TabsState | null>(null);

function useTabs(part: string): TabsState {
  const state = useContext(TabsContext);
  if (!state) throw new Error(`<${part}> must be inside <Tabs>`);
  return state;
}

// Values become parts of element ids; keep them id-safe.
const idFor = (baseId: string, part: "trigger" | "content", value: string) => `${baseId}-${part}-${value.replace(/[^\w-]/g, "_")}`;

type TabsProps = Omit<React.ComponentProps<"div">, "defaultValue" | "dir"> & {
  value?: string;
  defaultValue?: string;
  onValueChange?: (value: string) => void;
};

export function Tabs({ className, value, defaultValue, onValueChange, ...props }: TabsProps) {
  const [own, setOwn] = useState(defaultValue);
  const baseId = useId();
  const current = value ?? own;
  const select = useCallback(
    (next: string) => {
      if (value === undefined) setOwn(next);
      onValueChange?.(next);
    },
    [value, onValueChange],
  );
  return (
    <TabsContext.Provider value={{ value: current, select, baseId }}>
      <div data-slot="tabs" data-orientation="horizontal" className={cn("flex flex-col gap-3", className)} {...props} />
    </TabsContext.Provider>
  );
}

function onListKeyDown(e: KeyboardEvent<HTMLDivElement>) {
  const tabs = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="tab"]:not(:disabled)'));
  const at = tabs.indexOf(document.activeElement as HTMLButtonElement);
  if (at < 0) return;
  const to =
    e.key === "ArrowRight"
      ? (at + 1) % tabs.length
      : e.key === "ArrowLeft"
        ? (at - 1 + tabs.length) % tabs.length
        : e.key === "Home"
          ? 0
          : e.key === "End"
            ? tabs.length - 1
            : -1;
  if (to < 0) return;
  e.preventDefault();
  tabs[to]!.focus();
  tabs[to]!.click();
}

/** Scrolls sideways rather than wrapping when the tabs do not fit a phone screen. */
export function TabsList({ className, onKeyDown, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      role="tablist"
      aria-orientation="horizontal"
      data-slot="tabs-list"
      className={cn("inline-flex w-fit max-w-full items-center gap-1 overflow-x-auto rounded-lg bg-muted p-1 text-muted-foreground", className)}
      onKeyDown={(e) => {
        onKeyDown?.(e);
        if (!e.defaultPrevented) onListKeyDown(e);
      }}
      {...props}
    />
  );
}

export function TabsTrigger({ className, value, onClick, ...props }: React.ComponentProps<"button"> & { value: string }) {
  const tabs = useTabs("TabsTrigger");
  const active = tabs.value === value;
  return (
    <button
      type="button"
      role="tab"
      id={idFor(tabs.baseId, "trigger", value)}
      aria-selected={active}
      aria-controls={idFor(tabs.baseId, "content", value)}
      data-state={active ? "active" : "inactive"}
      tabIndex={active ? 0 : -1}
      data-slot="tabs-trigger"
      className={cn(
        "inline-flex min-h-11 shrink-0 items-center justify-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap transition-colors md:min-h-8",
        "hover:text-foreground focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring",
        "disabled:pointer-events-none disabled:opacity-55",
        "data-[state=active]:bg-background data-[state=active]:text-foreground data-[state=active]:shadow-sm",
        // Forced-colours mode drops the background, so mark the active tab another way.
        "forced-colors:data-[state=active]:underline forced-colors:data-[state=active]:underline-offset-4",
        "[&_svg]:pointer-events-none [&_svg]:shrink-0 [&_svg:not([class*='size-'])]:size-4",
        className,
      )}
      onClick={(e) => {
        onClick?.(e);
        if (!e.defaultPrevented && !active) tabs.select(value);
      }}
      {...props}
    />
  );
}

/** Mounts its children only while its tab is selected (a lazy panel, such as the call's vitals, loads when opened). */
export function TabsContent({ className, value, children, ...props }: React.ComponentProps<"div"> & { value: string }) {
  const tabs = useTabs("TabsContent");
  const active = tabs.value === value;
  return (
    <div
      role="tabpanel"
      id={idFor(tabs.baseId, "content", value)}
      aria-labelledby={idFor(tabs.baseId, "trigger", value)}
      hidden={!active}
      tabIndex={0}
      data-state={active ? "active" : "inactive"}
      data-slot="tabs-content"
      className={cn("flex-1 rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring", className)}
      {...props}
    >
      {active ? children : null}
    </div>
  );
}
