"use client";

import { useQuery } from "@tanstack/react-query";
import { ClipboardListIcon } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { LocalTime } from "@/components/common/local-time";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { PaymentBadge } from "@/components/visits/payment-badge";
import { plural } from "@/lib/format";
import { useTRPC } from "@/trpc/react";

export function VisitsList({ audience }: { audience: "staff" | "patient" }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<"OPEN" | "CLOSED" | "ALL">(audience === "staff" ? "OPEN" : "ALL");
  const query = useQuery(trpc.visits.list.queryOptions({ status: status === "ALL" ? undefined : status, limit: 50 }));
  return (
    <div className="space-y-4">
      <Tabs value={status} onValueChange={(v) => setStatus(v as typeof status)}>
        <TabsList>
          <TabsTrigger value="OPEN">Open</TabsTrigger>
          <TabsTrigger value="CLOSED">Closed</TabsTrigger>
          <TabsTrigger value="ALL">All</TabsTrigger>
        </TabsList>
        {/* The list is the selected tab's panel (a tab must control something that exists). */}
        <TabsContent value={status} className="mt-4">
          {query.isPending ? (
            <Skeleton className="h-24" />
          ) : query.isError ? (
            <Alert variant="destructive">{query.error.message}</Alert>
          ) : query.data.items.length === 0 ? (
            <EmptyState
              icon={<ClipboardListIcon />}
              title="No visits"
              description={audience === "staff" ? "Open a visit from a patient, or book a consultation." : "Your visits will appear here."}
            />
          ) : (
            <ul className="divide-y rounded-lg border bg-card">
              {query.data.items.map((v) => (
                <li key={v.id}>
                  <Link href={`/visits/${v.id}`} className="flex flex-wrap items-center justify-between gap-2 p-4 hover:bg-accent">
                    <div className="min-w-0">
                      <p className="font-medium">{audience === "staff" ? v.patient.name : `Visit with ${v.clinician.name}`}</p>
                      <p className="text-sm text-muted-foreground">
                        Opened <LocalTime value={v.openedAt} timeStyle={null} /> · {v.chiefComplaint ?? "No reason given"} ·{" "}
                        {plural(v.sessionCount, "video session")}
                      </p>
                    </div>
                    <div className="flex gap-2">
                      <Badge variant={v.status === "OPEN" ? "info" : "secondary"}>{v.status === "OPEN" ? "Open" : "Closed"}</Badge>
                      <PaymentBadge status={v.paymentStatus} chargedMinor={v.chargedMinor} />
                    </div>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </TabsContent>
      </Tabs>
    </div>
  );
}
