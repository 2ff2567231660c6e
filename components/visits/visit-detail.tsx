"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { toast } from "@/components/ui/toast";
import { LocalTime } from "@/components/common/local-time";
import { PageHeader } from "@/components/layout/page-header";
import { Badge, RiskBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableFooter, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessage } from "@/lib/client-errors";
import { formatDuration, formatMoney } from "@/lib/format";
import { TID } from "@/lib/test-ids";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";
import Link from "next/link";
import { useBillActions } from "@/components/billing/bill-actions";
import { PaymentBadge } from "@/components/visits/payment-badge";

const SESSION_LABEL = { SCHEDULED: "Scheduled", IN_PROGRESS: "In progress", COMPLETED: "Completed", CANCELLED: "Cancelled" } as const;

export function VisitDetail({ visitId, viewer }: { visitId: string; viewer: "clinician" | "patient" | "admin" }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data: v } = useSuspenseQuery(trpc.visits.get.queryOptions({ visitId }));
  const bill = useBillActions(visitId);
  const staff = viewer === "clinician" || viewer === "admin";
  const waived = v.paymentStatus === "WAIVED";
  const close = useMutation(
    trpc.visits.close.mutationOptions({
      onSuccess: async () => {
        toast.success("Visit closed.");
        await refreshQueries(queryClient, { queryKey: trpc.visits.get.queryKey({ visitId }) });
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <div className="space-y-6" data-testid={TID.visitPage}>
      <PageHeader
        title={viewer === "patient" ? `Visit with ${v.clinician.name}` : v.patient.name}
        description={
          <>
            {v.chiefComplaint ?? "No reason recorded"} · opened <LocalTime value={v.openedAt} />
            {v.patient.mrn ? ` · ${v.patient.mrn}` : ""}
          </>
        }
        actions={
          viewer === "clinician" && v.status === "OPEN" ? (
            <Button variant="outline" loading={close.isPending} onClick={() => close.mutate({ visitId })}>
              Close visit
            </Button>
          ) : undefined
        }
      />
      <div className="flex gap-2">
        <Badge variant={v.status === "OPEN" ? "info" : "secondary"}>{v.status === "OPEN" ? "Open" : "Closed"}</Badge>
        <PaymentBadge status={v.paymentStatus} chargedMinor={v.bill.chargedMinor} />
      </div>

      <section aria-labelledby="sessions-h" className="space-y-3">
        <h2 id="sessions-h" className="text-lg font-semibold">
          Video sessions
        </h2>
        {v.sessions.length === 0 && <p className="text-sm text-muted-foreground">No video sessions on this visit yet.</p>}
        {v.sessions.map((s) => (
          <Card key={s.id} data-testid={TID.visitSession} data-session-id={s.id}>
            <CardHeader className="flex flex-row flex-wrap items-center justify-between gap-2">
              <CardTitle as="h3" className="text-base!">
                {s.startedAt ? <LocalTime value={s.startedAt} /> : s.scheduledStart ? <LocalTime value={s.scheduledStart} /> : "Unscheduled"}
              </CardTitle>
              <Badge variant={s.status === "COMPLETED" ? "success" : "secondary"} data-testid="visit-session-status">
                {SESSION_LABEL[s.status]}
              </Badge>
            </CardHeader>
            <CardContent className="space-y-4 text-sm">
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                <dt className="text-muted-foreground">Reason</dt>
                <dd data-testid={TID.visitSessionReason}>{s.reason ?? "No reason given"}</dd>
                <dt className="text-muted-foreground">Duration</dt>
                <dd data-testid={TID.visitDuration}>{formatDuration(s.durationSeconds)}</dd>
                <dt className="text-muted-foreground">Participants</dt>
                <dd data-testid={TID.visitParticipants}>
                  <ul>
                    {s.participants.map((p) => (
                      <li key={`${p.role}-${p.displayName}`}>
                        {p.displayName} <span className="text-muted-foreground">({p.role.toLowerCase()})</span>
                        {p.stints.length > 0 && (
                          <span className="text-muted-foreground">
                            {" "}
                            · {p.stints.length} connection{p.stints.length === 1 ? "" : "s"}:{" "}
                            {p.stints.map((st, i) => (
                              <span key={i}>
                                {i > 0 && ", "}
                                <LocalTime value={st.joinedAt} dateStyle={null} timeStyle="medium" />–
                                {st.leftAt ? <LocalTime value={st.leftAt} dateStyle={null} timeStyle="medium" /> : "now"}
                              </span>
                            ))}
                          </span>
                        )}
                      </li>
                    ))}
                  </ul>
                </dd>
                {s.notes && (
                  <>
                    <dt className="text-muted-foreground">Notes</dt>
                    <dd className="whitespace-pre-wrap">{s.notes}</dd>
                  </>
                )}
              </dl>
              {s.chat.length > 0 && (
                <div>
                  <h4 className="mb-1 font-medium">Chat</h4>
                  <ol className="space-y-1 rounded-md border p-3" data-testid={TID.visitChat}>
                    {s.chat.map((m) => (
                      <li key={m.id}>
                        <span className="font-medium">{m.senderName}</span>{" "}
                        <span className="text-xs text-muted-foreground">
                          <LocalTime value={m.createdAt} dateStyle={null} timeStyle="short" />
                        </span>
                        : {m.body}
                      </li>
                    ))}
                  </ol>
                </div>
              )}
              {s.technicalIssues.length > 0 && (
                <div>
                  <h4 className="mb-1 font-medium">Technical issues reported</h4>
                  <ul className="space-y-1">
                    {s.technicalIssues.map((i) => (
                      <li key={i.id}>
                        <Badge variant="outline">{i.category.toLowerCase()}</Badge> {i.description}{" "}
                        <span className="text-muted-foreground">({i.status === "OPEN" ? "open" : "resolved"})</span>
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </CardContent>
          </Card>
        ))}
      </section>

      {v.observations.length > 0 && (
        <section aria-labelledby="vitals-h" className="space-y-3">
          <h2 id="vitals-h" className="text-lg font-semibold">
            Vitals during this visit
          </h2>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Time</TableHead>
                <TableHead>HR</TableHead>
                <TableHead>BP</TableHead>
                <TableHead>RR</TableHead>
                <TableHead>SpO₂</TableHead>
                <TableHead>Temp</TableHead>
                <TableHead>NEWS2</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {v.observations.map((o) => (
                <TableRow key={o.id}>
                  <TableCell>
                    <LocalTime value={o.observedAt} />
                  </TableCell>
                  <TableCell>{o.heartRate ?? "—"}</TableCell>
                  <TableCell>{o.systolicBp ? `${o.systolicBp}/${o.diastolicBp ?? "—"}` : "—"}</TableCell>
                  <TableCell>{o.respiratoryRate ?? "—"}</TableCell>
                  <TableCell>{o.spo2 ?? "—"}</TableCell>
                  <TableCell>{o.temperature ?? "—"}</TableCell>
                  <TableCell>
                    <RiskBadge risk={o.news2Risk} score={o.news2Total} />
                    {!o.news2Complete && <span className="ml-1 text-xs text-muted-foreground">(incomplete)</span>}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      )}

      <section aria-labelledby="bill-h" className="space-y-3" data-testid={TID.visitBill}>
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="bill-h" className="text-lg font-semibold">
            Bill
          </h2>
          <div className="flex flex-wrap gap-2">
            {staff && !waived && (
              <>
                <Button size="sm" variant="outline" onClick={() => bill.setDialog("charge")} data-testid="add-charge">
                  Add charge
                </Button>
                <Button size="sm" variant="outline" onClick={() => bill.setDialog("payment")} disabled={v.bill.balanceMinor <= 0} data-testid="record-payment">
                  Record payment
                </Button>
              </>
            )}
            {viewer === "admin" && !waived && v.bill.balanceMinor > 0 && (
              <Button size="sm" variant="ghost" onClick={() => bill.setDialog("waive")}>
                Waive…
              </Button>
            )}
            <Button asChild size="sm" variant="ghost">
              <Link href={`/visits/${visitId}/invoice`}>Printable invoice</Link>
            </Button>
          </div>
        </div>
        {bill.element}
        {v.bill.charges.length === 0 && v.bill.payments.length === 0 ? (
          <p className="text-sm text-muted-foreground">Nothing has been charged on this visit.</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Item</TableHead>
                <TableHead className="text-right">Amount</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {v.bill.charges.map((c) => (
                <TableRow key={c.id} className={c.voidedAt ? "text-muted-foreground line-through" : undefined}>
                  <TableCell>
                    {c.code} · {c.description}
                    {c.voidedAt && <span className="ml-2 no-underline">(void: {c.voidReason})</span>}
                    {staff && !c.voidedAt && !waived && (
                      <Button
                        size="sm"
                        variant="link"
                        className="ml-2"
                        onClick={() => bill.setDialog({ void: { id: c.id, label: `${c.code} · ${c.description}` } })}
                      >
                        Void
                      </Button>
                    )}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{formatMoney(c.amountMinor, c.currency)}</TableCell>
                </TableRow>
              ))}
              {v.bill.payments.map((p) => (
                <TableRow key={p.id}>
                  <TableCell>Payment · {p.method.toLowerCase()}</TableCell>
                  <TableCell className="text-right tabular-nums">−{formatMoney(p.amountMinor, p.currency)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
            <TableFooter>
              <TableRow>
                <TableCell>Balance</TableCell>
                <TableCell className="text-right font-semibold tabular-nums">{formatMoney(v.bill.balanceMinor, v.bill.currency)}</TableCell>
              </TableRow>
            </TableFooter>
          </Table>
        )}
      </section>
    </div>
  );
}
