"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { THRESHOLD_PARAMETERS, VITALS, type ThresholdParameter } from "@/lib/vitals/parameters";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";

/** Patient-specific alert ranges, on top of the NEWS2 rules. Clinicians edit; admins read. */
export function ThresholdsCard({ patientId, editable }: { patientId: string; editable: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const thresholds = useQuery(trpc.vitals.thresholds.list.queryOptions({ patientId }));
  const [parameter, setParameter] = useState<ThresholdParameter>("heartRate");
  const [min, setMin] = useState("");
  const [max, setMax] = useState("");
  const invalidate = () => void refreshQueries(queryClient, { queryKey: trpc.vitals.thresholds.list.queryKey({ patientId }) });
  const set = useMutation(
    trpc.vitals.thresholds.set.mutationOptions({
      onSuccess: () => {
        setMin("");
        setMax("");
        invalidate();
      },
    }),
  );
  const remove = useMutation(trpc.vitals.thresholds.remove.mutationOptions({ onSuccess: invalidate, onError: (e) => toast.error(e.message) }));
  const issues = (set.error?.data as { details?: { issues?: { path: string; message: string }[] } } | undefined)?.details?.issues ?? [];
  const issueFor = (path: string) => issues.find((i) => i.path === path)?.message ?? (path === "min" && issues.length === 0 ? set.error?.message : undefined);

  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Alert thresholds</CardTitle>
        <CardDescription>Raise an alert when a reading leaves this patient&apos;s own range (in addition to NEWS2).</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {thresholds.data && thresholds.data.length > 0 ? (
          <ul className="divide-y rounded-md border text-sm">
            {thresholds.data.map((t) => (
              <li key={t.id} className="flex items-center justify-between gap-2 px-3 py-2">
                <span>
                  <span className="font-medium">{VITALS[t.parameter].label}</span>: {t.min ?? "—"} to {t.max ?? "—"} {VITALS[t.parameter].unitLabel}
                </span>
                {editable ? (
                  <Button size="sm" variant="ghost" onClick={() => remove.mutate({ patientId, parameter: t.parameter })}>
                    Remove
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted-foreground">None set: NEWS2 rules only.</p>
        )}
        {editable ? (
          <form
            className="grid gap-3 sm:grid-cols-4 sm:items-end"
            onSubmit={(e) => {
              e.preventDefault();
              set.mutate({ patientId, parameter, min: min.trim() === "" ? null : Number(min), max: max.trim() === "" ? null : Number(max) });
            }}
          >
            <FormField label="Parameter">
              {(control) => (
                <NativeSelect {...control} value={parameter} onChange={(e) => setParameter(e.target.value as ThresholdParameter)}>
                  {THRESHOLD_PARAMETERS.map((p) => (
                    <option key={p} value={p}>
                      {VITALS[p].label}
                    </option>
                  ))}
                </NativeSelect>
              )}
            </FormField>
            <FormField label={`Lowest (${VITALS[parameter].unitLabel})`} error={issueFor("min")}>
              <Input inputMode="decimal" value={min} onChange={(e) => setMin(e.target.value)} />
            </FormField>
            <FormField label={`Highest (${VITALS[parameter].unitLabel})`} error={issueFor("max")}>
              <Input inputMode="decimal" value={max} onChange={(e) => setMax(e.target.value)} />
            </FormField>
            <Button type="submit" disabled={set.isPending}>
              Save threshold
            </Button>
          </form>
        ) : null}
      </CardContent>
    </Card>
  );
}
