"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { MoreHorizontalIcon } from "lucide-react";
import { type FormEvent, useState } from "react";
import { toast } from "@/components/ui/toast";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage, fieldErrors } from "@/lib/client-errors";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * Reschedule and cancel, for a consultation that has not started. Loaded by
 * consultation-actions-lazy.tsx when the "More actions" button is pressed, which then
 * renders this with the menu open.
 */
export function ConsultationActions({
  consultationId,
  scheduledStart,
  durationMinutes,
  defaultMenuOpen = false,
}: {
  consultationId: string;
  scheduledStart: Date;
  durationMinutes: number;
  defaultMenuOpen?: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<"reschedule" | "cancel" | null>(null);
  const refresh = () => refreshQueries(queryClient, { queryKey: trpc.consultations.upcoming.queryKey() });
  const reschedule = useMutation(
    trpc.consultations.reschedule.mutationOptions({
      onSuccess: async () => {
        toast.success("Consultation moved. The patient has been told.");
        setDialog(null);
        await refresh();
      },
    }),
  );
  const cancel = useMutation(
    trpc.consultations.cancel.mutationOptions({
      onSuccess: async () => {
        toast.success("Consultation cancelled. The patient has been told.");
        setDialog(null);
        await refresh();
      },
    }),
  );
  const d = scheduledStart;

  function onReschedule(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    reschedule.mutate({
      consultationId,
      scheduledStart: new Date(`${String(f.get("date"))}T${String(f.get("time"))}`),
      durationMinutes: Number(f.get("duration")),
    });
  }
  function onCancel(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    cancel.mutate({ consultationId, reason: String(new FormData(e.currentTarget).get("reason") ?? "") });
  }
  const cancelErrors = cancel.error ? fieldErrors(cancel.error) : {};

  return (
    <>
      <DropdownMenu defaultOpen={defaultMenuOpen}>
        <DropdownMenuTrigger asChild>
          <Button variant="ghost" size="icon-sm" aria-label="More actions">
            <MoreHorizontalIcon aria-hidden />
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end">
          <DropdownMenuItem onSelect={() => setDialog("reschedule")}>Reschedule…</DropdownMenuItem>
          <DropdownMenuItem variant="destructive" onSelect={() => setDialog("cancel")}>
            Cancel consultation…
          </DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>

      <Dialog open={dialog === "reschedule"} onOpenChange={(o) => !o && setDialog(null)}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Reschedule consultation</DialogTitle>
            <DialogDescription>The patient gets an email with the new time.</DialogDescription>
          </DialogHeader>
          <form onSubmit={onReschedule} className="space-y-4">
            {reschedule.error && <Alert variant="destructive">{errorMessage(reschedule.error)}</Alert>}
            <div className="grid grid-cols-2 gap-3">
              <FormField label="Date" required>
                <Input name="date" type="date" required defaultValue={`${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`} />
              </FormField>
              <FormField label="Time" required>
                <Input name="time" type="time" step={300} required defaultValue={`${pad(d.getHours())}:${pad(d.getMinutes())}`} />
              </FormField>
            </div>
            <FormField label="Duration (minutes)" required>
              <Input name="duration" type="number" min={5} max={240} step={5} defaultValue={durationMinutes} />
            </FormField>
            <DialogFooter>
              <Button type="submit" loading={reschedule.isPending}>
                Move consultation
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>

      <Dialog open={dialog === "cancel"} onOpenChange={(o) => !o && setDialog(null)}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Cancel consultation</DialogTitle>
            <DialogDescription>The patient is told by email, with your reason.</DialogDescription>
          </DialogHeader>
          <form onSubmit={onCancel} className="space-y-4">
            {cancel.error && !cancelErrors.reason && <Alert variant="destructive">{errorMessage(cancel.error)}</Alert>}
            <FormField label="Reason" required error={cancelErrors.reason}>
              <Textarea name="reason" rows={3} required maxLength={500} />
            </FormField>
            <DialogFooter>
              <Button type="submit" variant="destructive" loading={cancel.isPending}>
                Cancel consultation
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}
