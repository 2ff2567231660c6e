"use client";

// The menu (radix dropdown with floating-ui, ~20 KiB gz) is downloaded when someone reaches
// for the button — fetched on hover or focus, opened on click — not with every page.
import { MoonIcon, SunIcon } from "lucide-react";
import { useTheme } from "next-themes";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/theme/use-hydrated";
import { clientOnly } from "@/components/common/client-only";

const LABELS: Record<string, string> = { light: "Light", dark: "Dark", system: "System" };

const load = () => import("./theme-menu");

function ThemeButton({ className, onOpen, onWarm }: { className?: string; onOpen?: () => void; onWarm?: () => void }) {
  const { theme, resolvedTheme } = useTheme();
  const hydrated = useHydrated();
  const current = hydrated ? (theme ?? "system") : undefined;
  const Icon = hydrated && resolvedTheme === "dark" ? MoonIcon : SunIcon;
  const currentLabel = current ? LABELS[current] : undefined;
  return (
    <Button
      variant="ghost"
      size="icon"
      className={className}
      aria-label={currentLabel ? `Colour theme: ${currentLabel}` : "Colour theme"}
      aria-haspopup="menu"
      aria-expanded={false}
      disabled={!onOpen}
      onClick={onOpen}
      onPointerEnter={onWarm}
      onFocus={onWarm}
    >
      <Icon aria-hidden="true" className="size-5" />
    </Button>
  );
}

const ThemeMenu = clientOnly(() => load().then((m) => m.ThemeMenu), <ThemeButton />);

/** Icon button opening a Light / Dark / System choice. */
export function ThemeToggle({ className }: { className?: string }) {
  const [wanted, setWanted] = useState(false);
  if (wanted) return <ThemeMenu className={className} defaultOpen />;
  return <ThemeButton className={className} onOpen={() => setWanted(true)} onWarm={() => void load()} />;
}
