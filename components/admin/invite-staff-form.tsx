"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { errorMessage } from "@/lib/client-errors";
import { applyServerErrors, useSchemaForm } from "@/lib/forms/schema-form";
import { ADMIN_USERS_TID } from "@/lib/test-ids";
import { ZInviteInput } from "@/server/api/routers/admin/schemas";
import { useTRPC } from "@/trpc/react";

const FIELDS = ["name", "email", "role"] as const;

/**
 * Invite a clinician or administrator: checked in the browser with the procedure's own input
 * schema (ZInviteInput); an email someone already uses comes back from the server onto the
 * email field.
 */
export function InviteStaffForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const form = useSchemaForm(ZInviteInput, { name: "", email: "", role: "CLINICIAN" });
  const [problem, setProblem] = useState<string | null>(null);
  const invite = useMutation(
    trpc.admin.inviteStaff.mutationOptions({
      onSuccess: () => {
        form.reset();
        router.replace("/admin/users?notice=invited");
        router.refresh();
      },
      onError: (err) => {
        if (applyServerErrors(form, err, FIELDS)) return setProblem(null);
        const code = (err as { data?: { code?: string } }).data?.code;
        if (code === "CONFLICT") {
          setProblem(null);
          form.setError("email", { type: "server", message: errorMessage(err) }, { shouldFocus: true });
          return;
        }
        setProblem(errorMessage(err));
      },
    }),
  );
  const { errors } = form.formState;
  return (
    <form
      noValidate
      className="grid gap-3 md:grid-cols-[1fr_1fr_auto_auto] md:items-start"
      data-testid={ADMIN_USERS_TID.inviteForm}
      onSubmit={form.handleSubmit((values) => {
        setProblem(null);
        invite.mutate(values);
      })}
    >
      {problem && (
        <Alert variant="destructive" className="md:col-span-4">
          {problem}
        </Alert>
      )}
      <FormField label="Name" required error={errors.name?.message}>
        <Input maxLength={120} autoComplete="off" {...form.register("name")} />
      </FormField>
      <FormField label="Email" required error={errors.email?.message}>
        <Input type="email" maxLength={254} autoComplete="off" {...form.register("email")} />
      </FormField>
      <FormField label="Role" required error={errors.role?.message}>
        {(control) => (
          <select {...control} {...form.register("role")} className="h-9 rounded-md border border-input bg-background px-2 text-sm">
            <option value="CLINICIAN">Clinician</option>
            <option value="ADMIN">Administrator</option>
          </select>
        )}
      </FormField>
      <Button type="submit" loading={invite.isPending} className="md:mt-6">
        Send invitation
      </Button>
    </form>
  );
}
