"use client";

import { useMutation } from "@tanstack/react-query";
import { LifeBuoyIcon } from "lucide-react";
import { type FormEvent, useState } from "react";
import { toast } from "@/components/ui/toast";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage, fieldErrors } from "@/lib/client-errors";
import { TID } from "@/lib/test-ids";
import type { CallStats } from "@/lib/video/stats";
import { useTRPC } from "@/trpc/react";

/** Report a problem with the call; the call's recent connection statistics go with it. */
export function ReportIssueDialog({ sessionId, stats }: { sessionId: string; stats: CallStats | null }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [category, setCategory] = useState<"AUDIO" | "VIDEO" | "CONNECTION" | "OTHER">("CONNECTION");
  const report = useMutation(
    trpc.sessions.reportIssue.mutationOptions({
      onSuccess: () => {
        toast.success("Thank you. The clinic's support team has your report.");
        setOpen(false);
      },
    }),
  );
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const description = String(new FormData(e.currentTarget).get("description") ?? "");
    report.mutate({
      sessionId,
      category,
      description,
      userAgent: navigator.userAgent.slice(0, 500),
      device: `${screen.width}x${screen.height}`,
      connectionStats: stats ? { provider: stats.provider, samples: stats.samples.slice(-30) } : undefined,
    });
  }
  const errors = report.error ? fieldErrors(report.error) : {};
  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) report.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" data-testid={TID.reportIssue}>
          <LifeBuoyIcon aria-hidden />
          Report a problem
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Report a problem with the call</DialogTitle>
          <DialogDescription>We attach the call&apos;s recent connection quality so support can see what happened.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="space-y-4">
          {report.error && !errors.description && <Alert variant="destructive">{errorMessage(report.error)}</Alert>}
          <FormField label="What is wrong?" required>
            {(control) => (
              <Select value={category} onValueChange={(v) => setCategory(v as typeof category)}>
                <SelectTrigger {...control}>
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value="AUDIO">I cannot hear, or I am not heard</SelectItem>
                  <SelectItem value="VIDEO">Video is missing or frozen</SelectItem>
                  <SelectItem value="CONNECTION">The call keeps dropping or lagging</SelectItem>
                  <SelectItem value="OTHER">Something else</SelectItem>
                </SelectContent>
              </Select>
            )}
          </FormField>
          <FormField label="Describe it in a few words" required error={errors.description}>
            <Textarea name="description" rows={3} maxLength={2000} required />
          </FormField>
          <DialogFooter>
            <Button type="submit" loading={report.isPending}>
              Send report
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
