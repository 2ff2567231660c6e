"use client";

import { useMutation } from "@tanstack/react-query";
import { PhoneOffIcon } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage } from "@/lib/client-errors";
import { TID } from "@/lib/test-ids";
import { useTRPC } from "@/trpc/react";

/** The clinician ends the session: notes for the record, and whether to bill the telemedicine service. */
export function EndSessionDialog({ sessionId, draftNotes, onEnded }: { sessionId: string; draftNotes: string; onEnded: () => void }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [notes, setNotes] = useState(draftNotes);
  const [addToBill, setAddToBill] = useState(true);
  const end = useMutation(
    trpc.sessions.end.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        onEnded();
      },
    }),
  );
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) setNotes(draftNotes);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="destructive" data-testid={TID.endSession}>
          <PhoneOffIcon aria-hidden />
          End session
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>End this session?</DialogTitle>
          <DialogDescription>Everyone is disconnected. A completed session can no longer be changed.</DialogDescription>
        </DialogHeader>
        {end.error && <Alert variant="destructive">{errorMessage(end.error)}</Alert>}
        <FormField label="Session notes" description="Kept with the visit. Patients do not see them.">
          <Textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={5} maxLength={10_000} data-testid={TID.endNotes} />
        </FormField>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4" checked={addToBill} onChange={(e) => setAddToBill(e.target.checked)} data-testid={TID.endAddToBill} />
          Add the telemedicine consultation (TELEMED-001) to the visit&apos;s bill
        </label>
        <DialogFooter>
          <Button variant="outline" onClick={() => setOpen(false)}>
            Keep talking
          </Button>
          <Button variant="destructive" loading={end.isPending} onClick={() => end.mutate({ sessionId, notes, addToBill })} data-testid={TID.endConfirm}>
            End session
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
