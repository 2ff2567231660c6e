"use client";

// Entering a set of readings by hand: the patient at home (phone-sized, big targets,
// numeric keyboards) or a clinician (adds consciousness, ACVPU). Checked in the browser with
// the server schema's own checks, without zod (`lib/vitals/reading-checks.ts`, held to
// `ZManualReading` by its unit test), so errors appear on the field before anything is sent;
// a double submit is harmless (one idempotency key per form fill).

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { CONSCIOUSNESS_LABELS, CONSCIOUSNESS_VALUES, type ConsciousnessValue } from "@/lib/vitals/parameters";
import { manualReadingIssues, type ManualReadingForm } from "@/lib/vitals/reading-checks";
import { VITALS_TID } from "@/lib/vitals-test-ids";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";
import { News2Badge } from "./news2-badge";

const NUMBER_FIELDS = [
  { key: "heartRate", label: "Heart rate", unit: "beats/min", mode: "numeric", hint: "Pulse" },
  { key: "systolicBp", label: "Systolic", unit: "mmHg", mode: "numeric", hint: "Top number" },
  { key: "diastolicBp", label: "Diastolic", unit: "mmHg", mode: "numeric", hint: "Bottom number" },
  { key: "respiratoryRate", label: "Breathing rate", unit: "breaths/min", mode: "numeric", hint: "Count for a full minute" },
  { key: "spo2", label: "Oxygen saturation", unit: "%", mode: "numeric", hint: "SpO₂ from the finger clip" },
  { key: "temperature", label: "Temperature", unit: "", mode: "decimal", hint: "" },
] as const;

type NumberKey = (typeof NUMBER_FIELDS)[number]["key"];
type Errors = Partial<Record<NumberKey | "supplementalOxygen" | "consciousness" | "form", string>>;

const newKey = () => `form-${crypto.randomUUID()}`;

function toNumber(text: string): number | undefined {
  const trimmed = text.trim().replace(",", ".");
  if (trimmed === "") return undefined;
  return Number(trimmed);
}

function issuesToErrors(issues: readonly { path: string; message: string }[]): Errors {
  const errors: Errors = {};
  for (const i of issues) {
    const key = (i.path.replace(/^reading\.?/, "").split(".")[0] || "form") as keyof Errors;
    errors[key === ("units" as string) ? "temperature" : key] ??= i.message;
  }
  return errors;
}

export interface VitalsEntryFormProps {
  patientId: string;
  audience: "patient" | "clinician";
  /** The call this is entered in, if any. */
  sessionId?: string | null;
  /** The clinician request it answers, if any. */
  requestId?: string | null;
  onSaved?: () => void;
  className?: string;
}

export function VitalsEntryForm({ patientId, audience, sessionId, requestId, onSaved, className }: VitalsEntryFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<NumberKey, string>>({
    heartRate: "",
    systolicBp: "",
    diastolicBp: "",
    respiratoryRate: "",
    spo2: "",
    temperature: "",
  });
  const [oxygen, setOxygen] = useState<"" | "air" | "oxygen">("");
  const [consciousness, setConsciousness] = useState<ConsciousnessValue | "">("");
  const [fahrenheit, setFahrenheit] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [key, setKey] = useState(newKey);

  const record = useMutation(
    trpc.vitals.record.mutationOptions({
      onSuccess: () => {
        setValues({ heartRate: "", systolicBp: "", diastolicBp: "", respiratoryRate: "", spo2: "", temperature: "" });
        setOxygen("");
        setConsciousness("");
        setErrors({});
        setKey(newKey());
        void refreshQueries(queryClient, trpc.vitals.summary.queryFilter({ patientId }));
        void refreshQueries(queryClient, trpc.vitals.requests.pending.queryFilter({ patientId }));
        onSaved?.();
      },
      onError: (error) => {
        const data = error.data as
          { issues?: { path: string; message: string }[] | null; details?: { issues?: { path: string; message: string }[] } | null } | undefined;
        const issues = data?.issues ?? data?.details?.issues ?? [];
        setErrors(issues.length ? issuesToErrors(issues) : { form: error.message });
      },
    }),
  );

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const raw: ManualReadingForm = {
      idempotencyKey: key,
      heartRate: toNumber(values.heartRate),
      systolicBp: toNumber(values.systolicBp),
      diastolicBp: toNumber(values.diastolicBp),
      respiratoryRate: toNumber(values.respiratoryRate),
      spo2: toNumber(values.spo2),
      temperature: toNumber(values.temperature),
      supplementalOxygen: oxygen === "" ? undefined : oxygen === "oxygen",
      consciousness: consciousness || undefined,
      units: fahrenheit && values.temperature.trim() ? { temperature: "[degF]" } : undefined,
    };
    const issues = manualReadingIssues(raw);
    if (issues.length > 0) {
      setErrors(issuesToErrors(issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }))));
      const first = issues[0]?.path[0];
      if (typeof first === "string") document.getElementById(`vitals-${first}`)?.focus();
      return;
    }
    setErrors({});
    record.mutate({ patientId, sessionId: sessionId ?? null, requestId: requestId ?? null, reading: raw });
  }

  const saved = record.data && !record.isPending ? record.data : null;

  return (
    <form onSubmit={submit} noValidate className={cn("grid gap-4", className)} data-testid={VITALS_TID.vitalsEntryForm} aria-label="Enter vital signs">
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3">
        {NUMBER_FIELDS.map((f) => (
          <FormField
            key={f.key}
            id={`vitals-${f.key}`}
            label={f.key === "temperature" ? `Temperature (${fahrenheit ? "°F" : "°C"})` : `${f.label} (${f.unit})`}
            description={audience === "patient" && f.hint ? f.hint : undefined}
            error={errors[f.key]}
          >
            <Input
              name={f.key}
              inputMode={f.mode}
              autoComplete="off"
              enterKeyHint="next"
              className="text-lg tabular-nums"
              value={values[f.key]}
              onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
            />
          </FormField>
        ))}
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <FormField label="Breathing" error={errors.supplementalOxygen}>
          {(control) => (
            <NativeSelect
              {...control}
              name="supplementalOxygen"
              value={oxygen}
              placeholder={audience === "patient" ? "Are you using oxygen?" : "Air or oxygen?"}
              onChange={(e) => setOxygen(e.target.value as "air" | "oxygen")}
            >
              <option value="air">Room air</option>
              <option value="oxygen">Supplemental oxygen</option>
            </NativeSelect>
          )}
        </FormField>
        {audience === "clinician" ? (
          <FormField label="Consciousness (ACVPU)" error={errors.consciousness}>
            {(control) => (
              <NativeSelect
                {...control}
                name="consciousness"
                value={consciousness}
                placeholder="Not assessed"
                onChange={(e) => setConsciousness(e.target.value as ConsciousnessValue)}
              >
                {CONSCIOUSNESS_VALUES.map((c) => (
                  <option key={c} value={c}>
                    {CONSCIOUSNESS_LABELS[c]}
                  </option>
                ))}
              </NativeSelect>
            )}
          </FormField>
        ) : null}
        <label className="flex min-h-11 items-center gap-2 self-end text-sm">
          <input type="checkbox" className="size-5" checked={fahrenheit} onChange={(e) => setFahrenheit(e.target.checked)} />
          Temperature in °F
        </label>
      </div>
      {errors.form ? <Alert variant="destructive">{errors.form}</Alert> : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" size="lg" disabled={record.isPending} data-testid={VITALS_TID.vitalsEntrySubmit} className="w-full sm:w-auto">
          {record.isPending ? "Saving…" : "Save readings"}
        </Button>
        {saved ? (
          <p role="status" className="flex items-center gap-2 text-sm" data-testid={VITALS_TID.vitalsEntrySaved} data-seq={saved.observation.seq}>
            Saved.{" "}
            {audience === "patient" ? (
              "Your clinician sees your readings."
            ) : (
              <News2Badge total={saved.news2.total} risk={saved.news2.risk} complete={saved.news2.complete} />
            )}
          </p>
        ) : null}
      </div>
      <p className="text-xs text-muted-foreground">Leave out anything you did not measure. In an emergency, call your local emergency number.</p>
    </form>
  );
}
