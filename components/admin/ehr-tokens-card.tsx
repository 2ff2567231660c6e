"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CopyIcon, PlugIcon } from "lucide-react";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { LocalTime } from "@/components/common/local-time";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { FHIR_TID } from "@/lib/test-ids";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";

/** Read-only FHIR API tokens for a clinic's EHR: issue (shown once), see last use, revoke. */
export function EhrTokensCard({ fhirBaseUrl }: { fhirBaseUrl: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.admin.ehrTokens.queryOptions());
  const staff = useQuery(trpc.admin.staff.queryOptions());
  const clinicians = (staff.data ?? []).filter((s) => s.role === "CLINICIAN" && s.status !== "DEACTIVATED");
  const [name, setName] = useState("");
  const [clinicianId, setClinicianId] = useState("");
  const [issued, setIssued] = useState<{ name: string; token: string } | null>(null);
  const invalidate = () => void refreshQueries(queryClient, { queryKey: trpc.admin.ehrTokens.queryKey() });
  const issue = useMutation(
    trpc.admin.issueEhrToken.mutationOptions({
      onSuccess: (t) => {
        setIssued({ name: t.name, token: t.token });
        setName("");
        setClinicianId("");
        invalidate();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const revoke = useMutation(trpc.admin.revokeEhrToken.mutationOptions({ onSuccess: invalidate, onError: (e) => toast.error(e.message) }));

  return (
    <Card data-testid={FHIR_TID.ehrTokens}>
      <CardHeader>
        <CardTitle as="h2">EHR connections (FHIR R4)</CardTitle>
        <CardDescription>
          A clinic&apos;s EHR reads visits, consultations, vitals, alerts and bill lines from <code className="text-xs">{fhirBaseUrl}</code> with a read-only
          token. Every read is in the audit trail. Revoke a token as soon as an integration is retired.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {tokens.data && tokens.data.length > 0 ? (
          <ul className="divide-y rounded-md border">
            {tokens.data.map((t) => (
              <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm" data-testid={FHIR_TID.ehrTokenRow}>
                <div className="flex min-w-0 flex-wrap items-center gap-2">
                  <PlugIcon aria-hidden className="size-4 shrink-0 text-muted-foreground" />
                  <span className="font-medium">{t.name}</span>
                  <code className="text-xs text-muted-foreground">{t.prefix}…</code>
                  <Badge variant="outline">{t.scope.kind === "clinic" ? "Whole clinic" : `Patients of ${t.scope.clinicianName}`}</Badge>
                  {t.revokedAt ? <Badge variant="outline">Revoked</Badge> : null}
                </div>
                <div className="flex items-center gap-3 text-xs text-muted-foreground">
                  <span>
                    {t.lastUsedAt ? (
                      <>
                        Last used <LocalTime value={t.lastUsedAt} />
                      </>
                    ) : (
                      "Never used"
                    )}
                  </span>
                  {t.revokedAt ? null : (
                    <Button
                      size="sm"
                      variant="outline"
                      onClick={() => revoke.mutate({ tokenId: t.id })}
                      disabled={revoke.isPending}
                      aria-label={`Revoke the token ${t.name}`}
                      data-testid={FHIR_TID.ehrTokenRevoke}
                    >
                      Revoke
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        ) : tokens.isSuccess ? (
          <p className="text-sm text-muted-foreground">No EHR is connected.</p>
        ) : null}
        <form
          className="flex flex-col gap-2 sm:flex-row sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            issue.mutate({ name, clinicianId: clinicianId || null });
          }}
        >
          <FormField label="Integration name" className="flex-1" error={issue.error?.data?.issues?.[0]?.message}>
            <Input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Riverside EHR" maxLength={80} data-testid={FHIR_TID.ehrTokenName} />
          </FormField>
          <FormField label="Reads">
            <select
              className="h-9 rounded-md border border-input bg-transparent px-3 text-sm shadow-xs focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
              value={clinicianId}
              onChange={(e) => setClinicianId(e.target.value)}
              data-testid={FHIR_TID.ehrTokenScope}
            >
              <option value="">The whole clinic</option>
              {clinicians.map((c) => (
                <option key={c.id} value={c.id}>
                  Patients of {c.name ?? c.email}
                </option>
              ))}
            </select>
          </FormField>
          <Button type="submit" disabled={issue.isPending || name.trim() === ""} data-testid={FHIR_TID.ehrTokenIssue}>
            Issue a token
          </Button>
        </form>
      </CardContent>
      <Dialog open={issued !== null} onOpenChange={(o) => !o && setIssued(null)}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Token for {issued?.name}</DialogTitle>
            <DialogDescription>
              Enter this token in the EHR&apos;s FHIR connection as a bearer token. It is shown only now; if it is lost, revoke it and issue another.
            </DialogDescription>
          </DialogHeader>
          <code className="block rounded-md border bg-muted px-3 py-2 text-sm break-all" data-testid={FHIR_TID.ehrTokenSecret}>
            {issued?.token}
          </code>
          <Alert variant="warning" role="note">
            Anyone with this token can read patient records. Store it only in the EHR&apos;s secret settings.
          </Alert>
          <DialogFooter>
            <Button
              variant="outline"
              onClick={() => {
                if (issued) void navigator.clipboard?.writeText(issued.token).then(() => toast.success("Copied"));
              }}
            >
              <CopyIcon /> Copy
            </Button>
            <Button onClick={() => setIssued(null)}>Done</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
}
