"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { BellRingIcon, CheckIcon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { LocalTime } from "@/components/common/local-time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog-lazy";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { describeAlert } from "@/lib/vitals/conditions";
import { VITALS, type NumericVital } from "@/lib/vitals/parameters";
import { VITALS_TID } from "@/lib/vitals-test-ids";
import { cn } from "@/lib/utils";
import type { TAlert } from "@/server/api/routers/vitals/schemas";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";

export type AlertItem = TAlert & { patient?: { id: string; givenName: string; familyName: string; mrn: string } };

function detailText(a: AlertItem): string {
  if (a.condition.startsWith("THRESHOLD:") && a.value !== null) {
    const p = a.condition.slice("THRESHOLD:".length) as NumericVital;
    const unit = VITALS[p]?.unitLabel ?? "";
    const range = [a.min !== null ? `≥ ${a.min}` : null, a.max !== null ? `≤ ${a.max}` : null].filter(Boolean).join(", ");
    return `${a.value} ${unit} (set range ${range})`;
  }
  const parts = a.parameters.map(
    (p) => VITALS[p as NumericVital]?.label ?? (p === "consciousness" ? "Consciousness" : p === "supplementalOxygen" ? "Oxygen" : p),
  );
  return [a.news2Total !== null ? `worst NEWS2 ${a.news2Total}` : null, parts.length ? `scoring 3: ${parts.join(", ")}` : null].filter(Boolean).join(" · ");
}

/** Acknowledge with an optional note; closes for everyone once saved. */
export function AcknowledgeButton({ alert }: { alert: AlertItem }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState("");
  const acknowledge = useMutation(
    trpc.vitals.alerts.acknowledge.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        toast.success("Alert acknowledged");
      },
      onError: (error) => toast.error(error.message),
      onSettled: () => {
        void refreshQueries(queryClient, trpc.vitals.alerts.list.queryFilter());
        void refreshQueries(queryClient, trpc.vitals.summary.queryFilter({ patientId: alert.patientId }));
      },
    }),
  );
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)} data-testid={VITALS_TID.vitalsAcknowledge}>
        <CheckIcon /> Acknowledge
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Acknowledge alert</DialogTitle>
            <DialogDescription>
              {describeAlert(alert.condition, alert.news2Total)}. Acknowledging stops the escalation emails and clears the alert for the whole care team.
            </DialogDescription>
          </DialogHeader>
          <form
            className="grid gap-4"
            onSubmit={(e) => {
              e.preventDefault();
              acknowledge.mutate({ alertId: alert.id, note: note.trim() || undefined });
            }}
          >
            <FormField label="Note" description="What you did or plan to do (optional).">
              <Textarea value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} rows={3} data-testid={VITALS_TID.vitalsAcknowledgeNote} />
            </FormField>
            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={acknowledge.isPending} data-testid={VITALS_TID.vitalsAcknowledgeConfirm}>
                Acknowledge
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}

export function AlertList({
  alerts,
  showPatient = false,
  canAcknowledge,
  className,
}: {
  alerts: AlertItem[];
  showPatient?: boolean;
  canAcknowledge: boolean;
  className?: string;
}) {
  if (alerts.length === 0) return null;
  return (
    <ul className={cn("grid gap-2", className)} data-testid={VITALS_TID.vitalsAlertList} aria-label="Open vitals alerts">
      {alerts.map((a) => (
        <li
          key={a.id}
          data-testid={VITALS_TID.vitalsAlert}
          data-alert-id={a.id}
          data-condition={a.condition}
          data-status={a.status}
          className={cn(
            "flex flex-col gap-3 rounded-lg border px-4 py-3 sm:flex-row sm:items-center sm:justify-between",
            a.status === "OPEN" ? "border-destructive-border bg-destructive-subtle text-destructive-subtle-foreground" : "bg-muted/40",
          )}
        >
          <div className="flex min-w-0 gap-3">
            <BellRingIcon aria-hidden className="mt-0.5 size-4 shrink-0" />
            <div className="min-w-0 text-sm">
              <p className="font-semibold">
                {showPatient && a.patient ? (
                  <Link className="underline underline-offset-2" href={`/clinician/patients/${a.patient.id}/vitals`}>
                    {a.patient.familyName}, {a.patient.givenName}
                  </Link>
                ) : null}
                {showPatient && a.patient ? " — " : null}
                {describeAlert(a.condition, a.news2Total)}
              </p>
              <p>{detailText(a)}</p>
              <p className="text-xs opacity-90">
                Raised <LocalTime value={a.raisedAt} dateStyle={null} timeStyle="medium" />
                {a.escalationCount > 0 ? (
                  <Badge variant="warning" className="ml-2">
                    Escalated by email ×{a.escalationCount}
                  </Badge>
                ) : null}
                {a.status === "ACKNOWLEDGED" && a.acknowledgedBy ? ` · acknowledged by ${a.acknowledgedBy.name}` : null}
              </p>
            </div>
          </div>
          {canAcknowledge && a.status === "OPEN" ? <AcknowledgeButton alert={a} /> : null}
        </li>
      ))}
    </ul>
  );
}
