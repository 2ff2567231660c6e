"use client";

// The compact live vitals panel the call's side panel embeds:
//   <VitalsPanel patientId={…} sessionId={…} />
// Latest values with the NEWS2 badge, a short live chart, open alerts (clinicians can
// acknowledge), "Request vitals" for the clinician and the request prompt for the patient.
// Readings entered here are tied to the session.

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { VITALS_TID } from "@/lib/vitals-test-ids";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import { AlertList } from "./alert-list";
import { News2Badge } from "./news2-badge";
import { StreamMarker } from "./stream-marker";
import { useLiveVitals } from "./use-live-vitals";
import { VitalTiles } from "./vital-tiles";
import { VitalsCharts } from "./vitals-charts-lazy";
import { VitalsEntryForm } from "./vitals-entry-form-lazy";
import { RequestVitalsButton, VitalsRequestPrompt } from "./vitals-request";

export interface VitalsPanelProps {
  patientId: string;
  /** The call the panel is shown in: requests and entries are tied to it. */
  sessionId?: string | null;
  className?: string;
}

export function VitalsPanel({ patientId, sessionId = null, className }: VitalsPanelProps) {
  const trpc = useTRPC();
  const { summary, stream, live } = useLiveVitals(patientId);
  const history = useQuery(trpc.vitals.history.queryOptions({ patientId, range: "15m" }));
  const [entering, setEntering] = useState(false);

  if (summary.isPending) return <Skeleton className={cn("h-64", className)} />;
  if (summary.isError)
    return (
      <Alert variant="destructive" className={className}>
        {summary.error.message}
      </Alert>
    );
  const s = summary.data;
  const clinician = s.viewerRole === "CLINICIAN";
  const patient = s.viewerRole === "PATIENT";

  return (
    <section className={cn("grid gap-3", className)} data-testid={VITALS_TID.vitalsPanel} aria-label="Vital signs">
      <div className="flex flex-wrap items-center justify-between gap-2">
        {/* NEWS2 and its risk bands are the clinician's: a patient sees their readings plainly. */}
        {!s.latest ? (
          <span className="text-sm text-muted-foreground">No readings yet</span>
        ) : patient ? (
          <span className="text-sm font-medium">Your latest readings</span>
        ) : (
          <News2Badge total={s.latest.news2Total} risk={s.latest.news2Risk} complete={s.latest.news2Complete} />
        )}
        <StreamMarker stream={stream} live={live} />
      </div>
      {clinician ? <AlertList alerts={s.openAlerts} canAcknowledge /> : null}
      <VitalTiles latest={s.latestValues} spo2Scale={s.patient.spo2Scale} now={Date.now()} compact riskColours={!patient} />
      {history.data ? <VitalsCharts series={history.data.series} from={history.data.from} to={history.data.to} compact withoutNews2={patient} /> : null}
      {clinician ? <RequestVitalsButton patientId={patientId} sessionId={sessionId} /> : null}
      {patient ? <VitalsRequestPrompt patientId={patientId} sessionId={sessionId} /> : null}
      {clinician || patient ? (
        entering ? (
          <VitalsEntryForm patientId={patientId} audience={clinician ? "clinician" : "patient"} sessionId={sessionId} onSaved={() => setEntering(false)} />
        ) : (
          <Button variant="ghost" size="sm" className="justify-self-start" onClick={() => setEntering(true)}>
            Enter readings
          </Button>
        )
      ) : null}
    </section>
  );
}
