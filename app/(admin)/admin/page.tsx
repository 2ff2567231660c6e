import { PageHeader } from "@/components/layout/page-header";
import { IssuesChart, RevenuePerDayChart, SessionsPerDayChart } from "@/components/admin/stats-charts-lazy";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ADMIN_STATS_TID, TID } from "@/lib/test-ids";
import { ZStatsInput } from "@/server/api/routers/admin/schemas";
import { serverCaller } from "@/trpc/server-caller";
import { formatDuration, plural } from "@/lib/format";

export const metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

const DAY_MS = 24 * 60 * 60_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

const pct = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(1)} %`);

/** Range from the form (UTC days, end inclusive); the last 30 days by default. */
function rangeOf(sp: Record<string, string | string[] | undefined>) {
  const today = new Date(`${isoDay(new Date())}T00:00:00.000Z`);
  const fromDay = /^\d{4}-\d{2}-\d{2}$/.test(one(sp.from)) ? one(sp.from) : isoDay(new Date(today.getTime() - 29 * DAY_MS));
  const toDay = /^\d{4}-\d{2}-\d{2}$/.test(one(sp.to)) ? one(sp.to) : isoDay(today);
  return { fromDay, toDay, from: new Date(`${fromDay}T00:00:00.000Z`), to: new Date(Date.parse(`${toDay}T00:00:00.000Z`) + DAY_MS) };
}

export default async function AdminHome({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const range = rangeOf(sp);
  const parsed = ZStatsInput.safeParse({ from: range.from, to: range.to });
  const caller = await serverCaller();
  const [overview, stats] = await Promise.all([caller.admin.overview(), parsed.success ? caller.admin.stats(parsed.data) : Promise.resolve(null)]);
  const tiles = [
    { label: "Clinicians", value: overview.clinicians },
    { label: "Patients", value: overview.patients },
    { label: "Open visits", value: overview.openVisits },
    { label: "Consultations today (UTC)", value: overview.consultationsToday },
    { label: "Open technical issues", value: overview.openIssues },
    { label: "Administrators", value: overview.admins },
  ];
  const currencies = stats ? [...new Set(stats.revenuePerDay.map((r) => r.currency))] : [];
  // Every day of the range, 0 where nothing was paid: a line drawn straight across days
  // without payments read as revenue on those days.
  const revenue: Record<string, string | number>[] = [];
  if (stats && currencies.length) {
    const byDay = new Map<string, Record<string, string | number>>();
    for (let t = range.from.getTime(); t < range.to.getTime(); t += DAY_MS) {
      const day = isoDay(new Date(t));
      const point: Record<string, string | number> = { day };
      for (const c of currencies) point[c] = 0;
      byDay.set(day, point);
      revenue.push(point);
    }
    for (const r of stats.revenuePerDay) {
      const point = byDay.get(r.day);
      if (point) point[r.currency] = Number(point[r.currency] ?? 0) + r.amountMinor / 100;
    }
  }
  const figures = stats
    ? [
        {
          key: "completed",
          label: "Completed",
          value: pct(stats.consultations.completedRate),
          hint: `${stats.consultations.completed} of ${plural(stats.consultations.total, "consultation")}`,
        },
        { key: "cancelled", label: "Cancelled", value: pct(stats.consultations.cancelledRate), hint: plural(stats.consultations.cancelled, "consultation") },
        { key: "no-show", label: "No-show", value: pct(stats.consultations.noShowRate), hint: plural(stats.consultations.noShow, "consultation") },
        {
          key: "duration",
          label: "Average duration",
          value: formatDuration(stats.duration.avgSeconds),
          hint: `90th percentile ${formatDuration(stats.duration.p90Seconds)} · ${plural(stats.duration.sessions, "completed session")}`,
        },
        {
          key: "wait",
          label: "Average patient wait",
          value: formatDuration(stats.wait.avgSeconds),
          hint: `arrival in the waiting room to admission · ${plural(stats.wait.patients, "patient")} admitted in the range`,
        },
        {
          key: "connected",
          label: "Joins that connected",
          value: pct(stats.joins.connectedShare),
          hint: `${stats.joins.connected} of ${plural(stats.joins.total, "join")} in the range had media flowing`,
        },
      ]
    : [];

  return (
    <div className="space-y-6" data-testid={TID.roleHome} data-role="admin">
      <PageHeader title="Clinic overview" description="How the service is running today, and over the range you choose." />
      <div className="grid grid-cols-2 gap-4 md:grid-cols-3">
        {tiles.map((t) => (
          <Card key={t.label}>
            <CardHeader>
              <CardDescription>{t.label}</CardDescription>
              <p className="text-3xl leading-tight font-semibold tracking-tight tabular-nums">{t.value}</p>
            </CardHeader>
            <CardContent />
          </Card>
        ))}
      </div>

      <form method="get" action="/admin" className="flex flex-wrap items-end gap-3" data-testid={ADMIN_STATS_TID.statsRange}>
        <div className="space-y-1">
          <Label htmlFor="stats-from">From (UTC)</Label>
          <Input id="stats-from" name="from" type="date" defaultValue={range.fromDay} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="stats-to">To (UTC, inclusive)</Label>
          <Input id="stats-to" name="to" type="date" defaultValue={range.toDay} />
        </div>
        <Button type="submit">Show</Button>
      </form>

      {!stats ? (
        <Alert variant="destructive">{parsed.success ? "" : (parsed.error.issues[0]?.message ?? "Check the dates.")}</Alert>
      ) : (
        <>
          <div className="grid grid-cols-2 gap-4 md:grid-cols-3">
            {figures.map((fig) => (
              <Card key={fig.key} data-testid={ADMIN_STATS_TID.statsFigure} data-figure={fig.key}>
                <CardHeader>
                  <CardDescription>{fig.label}</CardDescription>
                  <p className="text-2xl leading-tight font-semibold tracking-tight tabular-nums">{fig.value}</p>
                </CardHeader>
                <CardContent className="text-xs text-muted-foreground">{fig.hint}</CardContent>
              </Card>
            ))}
          </div>

          <div className="grid gap-4 lg:grid-cols-2">
            <Card data-testid={ADMIN_STATS_TID.statsSessionsChart}>
              <CardHeader>
                <CardTitle as="h2">Sessions per day</CardTitle>
                <CardDescription>By the day a session was scheduled for (ad-hoc sessions: the day they were created).</CardDescription>
              </CardHeader>
              <CardContent>
                <SessionsPerDayChart data={stats.sessionsPerDay} />
                <table className="sr-only" data-testid={ADMIN_STATS_TID.statsSessionsTable}>
                  <caption>Sessions per day</caption>
                  <tbody>
                    {stats.sessionsPerDay.map((d) => (
                      <tr key={d.day} data-day={d.day}>
                        <th scope="row">{d.day}</th>
                        <td>{plural(d.total, "session")}</td>
                        <td>{d.completed} completed</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle as="h2">Revenue per day</CardTitle>
                <CardDescription>Payments received, by currency.</CardDescription>
              </CardHeader>
              <CardContent>
                {revenue.length ? (
                  <RevenuePerDayChart data={revenue} currencies={currencies} />
                ) : (
                  <p className="text-sm text-muted-foreground">No payments in this range.</p>
                )}
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle as="h2">Technical issues</CardTitle>
                <CardDescription>Reports from calls, by category.</CardDescription>
              </CardHeader>
              <CardContent>
                {stats.issuesByCategory.length ? (
                  <IssuesChart data={stats.issuesByCategory} />
                ) : (
                  <p className="text-sm text-muted-foreground">No issues reported in this range.</p>
                )}
              </CardContent>
            </Card>
            <Card className="lg:col-span-2">
              <CardHeader>
                <CardTitle as="h2">Clinicians</CardTitle>
                <CardDescription>Consultations scheduled in the range, and the average length of each clinician&apos;s completed sessions.</CardDescription>
              </CardHeader>
              <CardContent>
                <Table data-testid={ADMIN_STATS_TID.statsClinicians}>
                  <TableHeader>
                    <TableRow>
                      <TableHead>Clinician</TableHead>
                      <TableHead className="text-right">Booked</TableHead>
                      <TableHead className="text-right">Completed</TableHead>
                      <TableHead className="text-right">Cancelled</TableHead>
                      <TableHead className="text-right">No-show</TableHead>
                      <TableHead className="text-right">Avg duration</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {stats.clinicians.map((c) => (
                      <TableRow key={c.clinicianId}>
                        <TableCell>{c.name ?? c.clinicianId}</TableCell>
                        <TableCell className="text-right tabular-nums">{c.total}</TableCell>
                        <TableCell className="text-right tabular-nums">{c.completed}</TableCell>
                        <TableCell className="text-right tabular-nums">{c.cancelled}</TableCell>
                        <TableCell className="text-right tabular-nums">{c.noShow}</TableCell>
                        <TableCell className="text-right tabular-nums">{formatDuration(c.avgDurationSeconds)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </CardContent>
            </Card>
          </div>
        </>
      )}
    </div>
  );
}
