"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserPlusIcon } from "lucide-react";
import { type FormEvent, useState } from "react";
import { toast } from "@/components/ui/toast";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { errorMessage, fieldErrors } from "@/lib/client-errors";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";

/** The clinician invites a family member or interpreter to this session by email. */
export function InviteGuestDialog({ sessionId }: { sessionId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const invite = useMutation(
    trpc.sessions.inviteGuest.mutationOptions({
      onSuccess: async () => {
        toast.success("Invitation sent. The guest joins from the link in their email.");
        setOpen(false);
        await refreshQueries(queryClient, { queryKey: trpc.sessions.room.queryKey({ sessionId }) });
      },
    }),
  );
  const errors = invite.error ? fieldErrors(invite.error) : {};
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    invite.mutate({ sessionId, email: String(f.get("email") ?? ""), name: String(f.get("name") ?? "") });
  }
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) invite.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" data-testid="invite-guest">
          <UserPlusIcon aria-hidden />
          Invite a guest
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Invite a guest</DialogTitle>
          <DialogDescription>A family member or interpreter joins this session only, with camera and microphone.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          {invite.error && !Object.keys(errors).length && <Alert variant="destructive">{errorMessage(invite.error)}</Alert>}
          <FormField label="Name" required error={errors.name}>
            <Input name="name" required maxLength={120} />
          </FormField>
          <FormField label="Email" required error={errors.email}>
            <Input name="email" type="email" required maxLength={254} />
          </FormField>
          <DialogFooter>
            <Button type="submit" loading={invite.isPending}>
              Send invitation
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
