"use client";

// The "More actions" menu of each upcoming consultation (Radix DropdownMenu and Dialog with
// floating-ui, ~15 KiB gz) loads when someone reaches for the button (pointer near, focus)
// and opens once loaded, instead of with every clinician and patient home.

import { MoreHorizontalIcon } from "lucide-react";
import { useState, type ComponentProps } from "react";
import { clientOnly } from "@/components/common/client-only";
import { Button } from "@/components/ui/button";

const load = () => import("./consultation-actions").then((m) => m.ConsultationActions);
const preload = () => void load();

function MoreButton(props: ComponentProps<typeof Button>) {
  return (
    <Button variant="ghost" size="icon-sm" aria-label="More actions" aria-haspopup="menu" {...props}>
      <MoreHorizontalIcon aria-hidden />
    </Button>
  );
}

const Actions = clientOnly(load, <MoreButton aria-busy disabled />);

export function ConsultationActions(props: { consultationId: string; scheduledStart: Date; durationMinutes: number }) {
  const [wanted, setWanted] = useState(false);
  if (wanted) return <Actions {...props} defaultMenuOpen />;
  return <MoreButton aria-expanded={false} onPointerEnter={preload} onFocus={preload} onClick={() => setWanted(true)} />;
}
