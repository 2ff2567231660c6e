"use client";

// A patient's vitals page, for their clinicians (/clinician/patients/[id]/vitals) and for the
// patient (/patient/vitals): latest values with NEWS2, live charts by range, alerts,
// entry, requests, thresholds and devices — each shown to whoever may use it.

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { VITALS_TID } from "@/lib/vitals-test-ids";
import { cn } from "@/lib/utils";
import type { THistoryRange } from "@/server/api/routers/vitals/schemas";
import { useTRPC } from "@/trpc/react";
import { AlertList } from "./alert-list";
import { DeviceTokensCard } from "./device-tokens-card";
import { News2Badge } from "./news2-badge";
import { StreamMarker } from "./stream-marker";
import { ThresholdsCard } from "./thresholds-card";
import { useLiveVitals } from "./use-live-vitals";
import { VitalTiles } from "./vital-tiles";
import { VitalsCharts } from "./vitals-charts-lazy";
import { VitalsEntryForm } from "./vitals-entry-form-lazy";
import { RequestVitalsButton, usePendingRequests, VitalsRequestPrompt } from "./vitals-request";

const RANGES: { value: THistoryRange; label: string }[] = [
  { value: "15m", label: "15 min" },
  { value: "1h", label: "1 h" },
  { value: "6h", label: "6 h" },
  { value: "24h", label: "24 h" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
];

export function VitalsView({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const { summary, stream, live } = useLiveVitals(patientId);
  const [range, setRange] = useState<THistoryRange>("15m");
  const pending = usePendingRequests(patientId);
  const history = useQuery({ ...trpc.vitals.history.queryOptions({ patientId, range }), staleTime: 60_000 });

  if (summary.isPending) return <Skeleton className="h-96" />;
  if (summary.isError) return <Alert variant="destructive">{summary.error.message}</Alert>;
  const s = summary.data;
  const clinician = s.viewerRole === "CLINICIAN";
  const patient = s.viewerRole === "PATIENT";
  const staff = clinician || s.viewerRole === "ADMIN";

  return (
    <div className="grid gap-6" data-testid={VITALS_TID.vitalsView} data-seq={s.seq}>
      <header className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="grid gap-1">
          <h1 className="text-2xl leading-tight font-semibold tracking-tight md:text-3xl">
            {patient ? "Your vital signs" : `${s.patient.givenName} ${s.patient.familyName}`}
          </h1>
          <p className="text-sm text-muted-foreground">
            {staff ? `MRN ${s.patient.mrn} · ` : ""}
            SpO₂ scored on NEWS2 scale {s.patient.spo2Scale}
            {s.patient.spo2Scale === 2 ? " (hypercapnic respiratory failure)" : ""}
          </p>
          <div className="flex flex-wrap items-center gap-2">
            {s.latest ? (
              <News2Badge total={s.latest.news2Total} risk={s.latest.news2Risk} complete={s.latest.news2Complete} />
            ) : (
              <span className="text-sm text-muted-foreground">No readings yet</span>
            )}
            <StreamMarker stream={stream} live={live} />
          </div>
        </div>
        {clinician ? <RequestVitalsButton patientId={patientId} /> : null}
      </header>

      {patient ? <VitalsRequestPrompt patientId={patientId} /> : null}
      {staff && s.openAlerts.length > 0 ? <AlertList alerts={s.openAlerts} canAcknowledge={clinician} /> : null}

      <VitalTiles latest={s.latestValues} spo2Scale={s.patient.spo2Scale} now={Date.now()} />

      <section className="grid gap-3" aria-labelledby="vitals-history-heading">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="vitals-history-heading" className="text-lg font-semibold">
            History
          </h2>
          <div role="group" aria-label="Time range" className="flex flex-wrap gap-1" data-testid={VITALS_TID.vitalsRange}>
            {RANGES.map((r) => (
              <Button
                key={r.value}
                size="sm"
                variant={range === r.value ? "default" : "outline"}
                aria-pressed={range === r.value}
                onClick={() => setRange(r.value)}
              >
                {r.label}
              </Button>
            ))}
          </div>
        </div>
        {history.data ? (
          <>
            <VitalsCharts series={history.data.series} from={history.data.from} to={history.data.to} />
            {history.data.bucketSeconds ? (
              <p className="text-xs text-muted-foreground">
                Each {Math.round(history.data.bucketSeconds / 60) || 1}-minute interval shows its lowest and highest reading; NEWS2 shows the worst score of
                each interval.
              </p>
            ) : null}
          </>
        ) : history.isError ? (
          <Alert variant="destructive">{history.error.message}</Alert>
        ) : (
          <Skeleton className={cn("h-80")} />
        )}
      </section>

      {clinician || (patient && !pending.data?.length) ? (
        <Card>
          <CardHeader>
            <CardTitle as="h2">{patient ? "Enter your readings" : "Enter readings"}</CardTitle>
            <CardDescription>
              {patient
                ? "Take your readings, then type them in. Your care team sees them straight away."
                : "Readings you take or the patient reads out to you."}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <VitalsEntryForm patientId={patientId} audience={patient ? "patient" : "clinician"} />
          </CardContent>
        </Card>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        {staff ? <ThresholdsCard patientId={patientId} editable={clinician} /> : null}
        <DeviceTokensCard patientId={patientId} />
      </div>
    </div>
  );
}
