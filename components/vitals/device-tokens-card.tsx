"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CopyIcon, SmartphoneIcon } from "lucide-react";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { LocalTime } from "@/components/common/local-time";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog-lazy";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { VITALS_TID } from "@/lib/vitals-test-ids";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";

/** Home devices that send readings: connect one (the token is shown once), see last use, revoke. */
export function DeviceTokensCard({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const devices = useQuery(trpc.vitals.devices.list.queryOptions({ patientId }));
  const [name, setName] = useState("");
  const [issued, setIssued] = useState<{ name: string; token: string } | null>(null);
  // refreshQueries, not invalidateQueries: a list still on its first load would answer with
  // that load, read before the new device existed (see trpc/refresh.ts).
  const invalidate = () => void refreshQueries(queryClient, { queryKey: trpc.vitals.devices.list.queryKey({ patientId }) });
  const issue = useMutation(
    trpc.vitals.devices.issue.mutationOptions({
      onSuccess: (d) => {
        setIssued({ name: d.name, token: d.token });
        setName("");
        invalidate();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const revoke = useMutation(trpc.vitals.devices.revoke.mutationOptions({ onSuccess: invalidate, onError: (e) => toast.error(e.message) }));

  return (
    <Card data-testid={VITALS_TID.vitalsDevices}>
      <CardHeader>
        <CardTitle as="h2">Connected devices</CardTitle>
        <CardDescription>Devices send readings to Bedside with their own token. Revoke a token when a device is lost or returned.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {devices.data && devices.data.length > 0 ? (
          <ul className="divide-y rounded-md border">
            {devices.data.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm">
                <div className="flex min-w-0 items-center gap-2">
                  <SmartphoneIcon aria-hidden className="size-4 shrink-0 text-muted-foreground" />
                  <span className="font-medium">{d.name}</span>
                  <code className="text-xs text-muted-foreground">{d.prefix}…</code>
                  {d.revokedAt ? <Badge variant="outline">Revoked</Badge> : null}
                </div>
                <div className="flex items-center gap-3 text-xs text-muted-foreground">
                  <span>
                    {d.lastUsedAt ? (
                      <>
                        Last used <LocalTime value={d.lastUsedAt} />
                      </>
                    ) : (
                      "Never used"
                    )}
                  </span>
                  {d.revokedAt ? null : (
                    <Button size="sm" variant="outline" onClick={() => revoke.mutate({ tokenId: d.id })} disabled={revoke.isPending}>
                      Revoke
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        ) : devices.isSuccess ? (
          <p className="text-sm text-muted-foreground">No devices connected.</p>
        ) : null}
        <form
          className="flex flex-col gap-2 sm:flex-row sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            issue.mutate({ patientId, name });
          }}
        >
          <FormField label="Device name" className="flex-1" error={issue.error?.data?.issues?.[0]?.message}>
            <Input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. Bedroom pulse oximeter"
              maxLength={80}
              data-testid={VITALS_TID.vitalsDeviceName}
            />
          </FormField>
          <Button type="submit" disabled={issue.isPending || name.trim() === ""} data-testid={VITALS_TID.vitalsDeviceIssue}>
            Connect a device
          </Button>
        </form>
      </CardContent>
      <Dialog open={issued !== null} onOpenChange={(o) => !o && setIssued(null)}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Token for {issued?.name}</DialogTitle>
            <DialogDescription>
              Enter this token in the device&apos;s settings. It is shown only now; if you lose it, revoke it and connect the device again.
            </DialogDescription>
          </DialogHeader>
          <code className="block rounded-md border bg-muted px-3 py-2 text-sm break-all" data-testid={VITALS_TID.vitalsDeviceToken}>
            {issued?.token}
          </code>
          <Alert variant="warning" role="note">
            Anyone with this token can send readings for this patient. Do not share it.
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
