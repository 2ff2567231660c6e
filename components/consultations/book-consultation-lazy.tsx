"use client";

// The booking dialog (radix dialog and select, the slot calendar and the procedure's zod
// schema, ~30 KiB gz) is downloaded when the clinician asks for it — fetched on hover or
// focus of the button, mounted open on click — not with the home page every clinician opens.
import { CalendarPlusIcon } from "lucide-react";
import { useState } from "react";
import { clientOnly } from "@/components/common/client-only";
import { Button } from "@/components/ui/button";
import { CLINICIAN_TID } from "@/lib/clinician-test-ids";

const load = () => import("./book-consultation-dialog");

const Dialog = clientOnly(
  () => load().then((m) => m.BookConsultationDialog),
  <Button disabled aria-busy>
    <CalendarPlusIcon aria-hidden />
    Book consultation
  </Button>,
);

export function BookConsultationButton({ defaultPatientId }: { defaultPatientId?: string }) {
  const [wanted, setWanted] = useState(false);
  if (wanted) return <Dialog defaultPatientId={defaultPatientId} initialOpen />;
  const prefetch = () => void load();
  return (
    <Button data-testid={CLINICIAN_TID.bookConsultation} onPointerEnter={prefetch} onFocus={prefetch} onClick={() => setWanted(true)}>
      <CalendarPlusIcon aria-hidden />
      Book consultation
    </Button>
  );
}
