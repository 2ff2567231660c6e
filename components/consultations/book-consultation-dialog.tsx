"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CalendarPlusIcon } from "lucide-react";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage, fieldErrors } from "@/lib/client-errors";
import { TID } from "@/lib/test-ids";
import { useTRPC } from "@/trpc/react";

function localDateValue(d: Date) {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
function localTimeValue(d: Date) {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A clinician books a video consultation for one of their patients. */
export function BookConsultationDialog({ defaultPatientId }: { defaultPatientId?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [patientId, setPatientId] = useState(defaultPatientId ?? "");
  const patients = useQuery({ ...trpc.patients.list.queryOptions({ limit: 100 }), enabled: open });
  const soon = new Date(Date.now() + 15 * 60_000);
  soon.setMinutes(Math.ceil(soon.getMinutes() / 5) * 5, 0, 0);
  const book = useMutation(
    trpc.consultations.book.mutationOptions({
      onSuccess: async () => {
        toast.success("Consultation booked. The patient will get an email with their join link.");
        setOpen(false);
        await queryClient.invalidateQueries({ queryKey: trpc.consultations.upcoming.queryKey() });
      },
    }),
  );
  const errors = book.error ? fieldErrors(book.error) : {};

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const start = new Date(`${String(form.get("date"))}T${String(form.get("time"))}`);
    book.mutate({
      patientId,
      scheduledStart: start,
      durationMinutes: Number(form.get("duration")),
      reason: String(form.get("reason") ?? "") || undefined,
    });
  }

  return (
    <Dialog open={open} onOpenChange={(o) => { setOpen(o); if (!o) book.reset(); }}>
      <DialogTrigger asChild>
        <Button data-testid={TID.bookConsultation}>
          <CalendarPlusIcon aria-hidden />
          Book consultation
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Book a video consultation</DialogTitle>
          <DialogDescription>The patient receives an email with a one-click join link.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          {book.error && !Object.keys(errors).length && <Alert variant="destructive">{errorMessage(book.error)}</Alert>}
          <FormField label="Patient" required error={errors.patientId}>
            {(control) => (
              <Select value={patientId} onValueChange={setPatientId}>
                <SelectTrigger {...control} data-testid={TID.bookPatient}>
                  <SelectValue placeholder={patients.isPending ? "Loading patients…" : "Choose a patient"} />
                </SelectTrigger>
                <SelectContent>
                  {patients.data?.items.map((p) => (
                    <SelectItem key={p.id} value={p.id}>
                      {p.familyName}, {p.givenName} · {p.mrn}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          </FormField>
          <div className="grid grid-cols-2 gap-3">
            <FormField label="Date" required error={errors.scheduledStart}>
              <Input name="date" type="date" defaultValue={localDateValue(soon)} required data-testid={TID.bookDate} />
            </FormField>
            <FormField label="Time" required>
              <Input name="time" type="time" defaultValue={localTimeValue(soon)} step={300} required data-testid={TID.bookTime} />
            </FormField>
          </div>
          <FormField label="Duration (minutes)" required error={errors.durationMinutes}>
            <Input name="duration" type="number" min={5} max={240} step={5} defaultValue={20} required data-testid={TID.bookDuration} />
          </FormField>
          <FormField label="Reason" description="Shown to the patient in their booking email." error={errors.reason}>
            <Textarea name="reason" rows={2} maxLength={500} data-testid={TID.bookReason} />
          </FormField>
          <DialogFooter>
            <Button type="submit" loading={book.isPending} disabled={!patientId} data-testid={TID.bookSubmit}>
              Book
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
