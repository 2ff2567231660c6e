import { ScrollTextIcon, ShieldAlertIcon, ShieldCheckIcon } from "lucide-react";
import Link from "next/link";
import { LocalTime } from "@/components/common/local-time";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ADMIN_TID } from "@/lib/test-ids";
import { READ_WINDOW_MS } from "@/server/audit-trail/collapse-audit-reads";
import { ZAuditFilter } from "@/server/api/routers/admin/schemas";
import { serverCaller } from "@/trpc/server-caller";

export const metadata = { title: "Audit trail" };
export const dynamic = "force-dynamic";

type Params = Record<string, string | string[] | undefined>;
const TEXT_FIELDS = [
  { name: "patient", label: "Patient", placeholder: "Name or MRN" },
  { name: "actor", label: "Person", placeholder: "Name or email" },
  { name: "action", label: "Action or family", placeholder: "visit or visit.read", list: "audit-action-families" },
  { name: "entityType", label: "Record type", placeholder: "Visit" },
  { name: "entityId", label: "Record id" },
] as const;
/** Kept in links (a name or row clicked) but not shown as fields. */
const HIDDEN_FIELDS = ["patientId", "actorId", "fold"] as const;
/** Families of actions, for the Action field's suggestions. */
const ACTION_FAMILIES = [
  "auth",
  "audit",
  "charge",
  "consultation",
  "email",
  "invoice",
  "issue",
  "join_link",
  "patient",
  "payment",
  "recording",
  "session",
  "stats",
  "transcript",
  "user",
  "visit",
  "vitals",
];

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const DAY_MS = 24 * 60 * 60_000;
const EXACT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The form's dates are whole days (UTC): "to" includes its day, so the query ends a day later. */
function toQuery(sp: Params): Record<string, string> {
  const q: Record<string, string> = {};
  for (const name of [...TEXT_FIELDS.map((f) => f.name), "patientId", "actorId"]) if (one(sp[name]).trim()) q[name] = one(sp[name]).trim();
  const from = one(sp.from);
  const to = one(sp.to);
  if (/^\d{4}-\d{2}-\d{2}$/.test(from)) q.from = `${from}T00:00:00.000Z`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(to)) q.to = new Date(Date.parse(`${to}T00:00:00.000Z`) + DAY_MS).toISOString();
  // Exact instants (a folded run's "N reads" link): passed as they are.
  if (EXACT.test(from)) q.from = from;
  if (EXACT.test(to)) q.to = to;
  return q;
}

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  const sp = await searchParams;
  const query = toQuery(sp);
  const parsed = ZAuditFilter.safeParse(query);
  const cursor = /^\d{1,19}$/.test(one(sp.cursor)) ? one(sp.cursor) : undefined;
  const caller = await serverCaller();
  const [page, chain] = await Promise.all([
    parsed.success ? caller.admin.auditEvents({ filter: parsed.data, cursor, limit: 50, fold: one(sp.fold) !== "0" }) : Promise.resolve(null),
    one(sp.verify) === "1" ? caller.admin.verifyAuditChain() : Promise.resolve(null),
  ]);
  const exportHref = `/api/admin/audit.csv?${new URLSearchParams(query).toString()}`;
  const keep = (extra: Record<string, string>) => {
    const p = new URLSearchParams();
    for (const f of [...TEXT_FIELDS.map((t) => t.name), ...HIDDEN_FIELDS, "from", "to"]) if (one(sp[f])) p.set(f, one(sp[f]));
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return `/admin/audit?${p.toString()}`;
  };

  return (
    <div className="space-y-6">
      <PageHeader
        title="Audit trail"
        description="Who read or changed what, newest first. Rows are sealed into a hash chain every minute; the check recomputes it."
        actions={
          <>
            <Button asChild variant="outline" data-testid={ADMIN_TID.auditVerify}>
              <Link href={keep({ verify: "1" })}>Verify chain</Link>
            </Button>
            <Button asChild data-testid={ADMIN_TID.auditExport}>
              <a href={exportHref} download>
                Export CSV
              </a>
            </Button>
          </>
        }
      />

      {chain ? (
        <div data-testid={ADMIN_TID.auditVerifyResult} data-ok={chain.ok}>
          {chain.ok ? (
            <Alert variant="success" icon={<ShieldCheckIcon aria-hidden="true" />}>
              The chain is intact: {chain.checked} sealed rows checked
              {chain.unsealed ? `, ${chain.unsealed} newer rows not sealed yet` : ""}.
            </Alert>
          ) : (
            <Alert variant="destructive" icon={<ShieldAlertIcon aria-hidden="true" />}>
              The chain is broken at row {chain.firstBreak?.id} (
              {chain.firstBreak?.reason === "hash_mismatch" ? "the row was changed after it was sealed" : "a row before it was removed or reordered"}).{" "}
              {chain.checked} rows before it are intact. Treat the trail from that row on as untrusted and investigate database access.
            </Alert>
          )}
        </div>
      ) : null}

      <form method="get" action="/admin/audit" className="grid grid-cols-2 gap-3 md:grid-cols-4" data-testid={ADMIN_TID.auditFilters}>
        {TEXT_FIELDS.map((f) => (
          <div key={f.name} className="space-y-1">
            <Label htmlFor={`audit-${f.name}`}>{f.label}</Label>
            <Input
              id={`audit-${f.name}`}
              name={f.name}
              defaultValue={one(sp[f.name])}
              placeholder={"placeholder" in f ? f.placeholder : undefined}
              list={"list" in f ? f.list : undefined}
            />
          </div>
        ))}
        <datalist id="audit-action-families">
          {ACTION_FAMILIES.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
        {HIDDEN_FIELDS.map((name) => (one(sp[name]) ? <input key={name} type="hidden" name={name} value={one(sp[name])} /> : null))}
        <div className="space-y-1">
          <Label htmlFor="audit-from">From (UTC)</Label>
          <Input id="audit-from" name="from" type="date" defaultValue={one(sp.from)} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="audit-to">To (UTC, inclusive)</Label>
          <Input id="audit-to" name="to" type="date" defaultValue={one(sp.to)} />
        </div>
        <div className="flex items-end gap-2">
          <Button type="submit">Filter</Button>
          <Button asChild variant="ghost">
            <Link href="/admin/audit">Clear</Link>
          </Button>
        </div>
      </form>

      {one(sp.patientId) || one(sp.actorId) || one(sp.fold) === "0" ? (
        <p className="text-sm text-muted-foreground" data-testid={ADMIN_TID.auditActiveFilters}>
          {one(sp.patientId) ? `Showing one patient (id ${one(sp.patientId)}). ` : ""}
          {one(sp.actorId) ? `Showing one person (id ${one(sp.actorId)}). ` : ""}
          {one(sp.fold) === "0" ? "Every stored row is listed (repeated reads are not folded). " : ""}
          {EXACT.test(one(sp.from)) ? "Limited to one run of reads. " : ""}
          <Link className="underline" href="/admin/audit">
            Clear
          </Link>
        </p>
      ) : (
        <p className="text-sm text-muted-foreground">
          Repeated reads of one record by one person (an open page refreshing) are folded into one row per {READ_WINDOW_MS / 60_000} minutes, with the number of
          reads; every read stays stored and in the export.{" "}
          <Link className="underline" href={keep({ fold: "0" })}>
            List every row
          </Link>
        </p>
      )}

      {!parsed.success ? (
        <Alert variant="destructive">{parsed.error.issues[0]?.message ?? "Check the filters."}</Alert>
      ) : !page || page.items.length === 0 ? (
        <EmptyState icon={<ScrollTextIcon />} title="No audit events" description="Nothing matches these filters. Widen the date range or clear a filter." />
      ) : (
        <>
          <Table data-testid={ADMIN_TID.auditTable}>
            <TableHeader>
              <TableRow>
                <TableHead>When</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Outcome</TableHead>
                <TableHead>User</TableHead>
                <TableHead>Entity</TableHead>
                <TableHead>Patient</TableHead>
                <TableHead>Details</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {page.items.map((e) => (
                <TableRow key={e.id} data-testid={ADMIN_TID.auditRow} data-action={e.action} data-count={e.count}>
                  <TableCell className="whitespace-nowrap">
                    <LocalTime value={e.occurredAt} timeStyle="medium" />
                    {e.count > 1 ? (
                      <div className="text-xs text-muted-foreground" data-testid={ADMIN_TID.auditFolded}>
                        from <LocalTime value={e.oldestAt} dateStyle={null} timeStyle="medium" />
                      </div>
                    ) : null}
                    <div className="text-xs text-muted-foreground">
                      #{e.id}
                      {e.sealed ? " · sealed" : ""}
                    </div>
                  </TableCell>
                  <TableCell className="text-xs">
                    <span className="font-mono">{e.action}</span>
                    {e.count > 1 ? (
                      <div>
                        <Link
                          className="underline"
                          href={`/admin/audit?${new URLSearchParams({
                            fold: "0",
                            action: e.action,
                            ...(e.actorId ? { actorId: e.actorId } : {}),
                            ...(e.patientId ? { patientId: e.patientId } : {}),
                            entityType: e.entityType,
                            ...(e.entityId ? { entityId: e.entityId } : {}),
                            from: e.oldestAt.toISOString(),
                            to: new Date(e.occurredAt.getTime() + 1).toISOString(),
                          }).toString()}`}
                        >
                          {e.count} reads
                        </Link>
                      </div>
                    ) : null}
                  </TableCell>
                  <TableCell>
                    <Badge variant={e.outcome === "SUCCESS" ? "secondary" : "destructive"}>{e.outcome.toLowerCase()}</Badge>
                  </TableCell>
                  <TableCell className="text-xs">
                    {e.actorId ? (
                      <Link className="underline" href={keep({ actorId: e.actorId, actor: "" })} title={e.actorId}>
                        {e.actorName ?? e.actorId}
                      </Link>
                    ) : (
                      "system"
                    )}
                    {e.actorRole ? <div className="text-muted-foreground">{e.actorRole.toLowerCase()}</div> : null}
                  </TableCell>
                  <TableCell className="text-xs">
                    {e.entityHref ? (
                      <Link className="underline" href={e.entityHref}>
                        {e.entityType}
                      </Link>
                    ) : (
                      e.entityType
                    )}
                    {e.entityId ? <div className="font-mono text-muted-foreground">{e.entityId}</div> : null}
                  </TableCell>
                  <TableCell className="text-xs">
                    {e.patientId ? (
                      <Link className="underline" href={keep({ patientId: e.patientId, patient: "" })} title={e.patientId}>
                        {e.patientName ?? e.patientId}
                      </Link>
                    ) : null}
                  </TableCell>
                  <TableCell className="max-w-64 truncate font-mono text-xs" title={e.metadata ?? undefined}>
                    {e.metadata}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <div className="flex gap-2">
            {cursor ? (
              <Button asChild variant="outline">
                <Link href={keep({})}>Newest</Link>
              </Button>
            ) : null}
            {page.nextCursor ? (
              <Button asChild variant="outline" data-testid={ADMIN_TID.auditNextPage}>
                <Link href={keep({ cursor: page.nextCursor })}>Older</Link>
              </Button>
            ) : null}
          </div>
        </>
      )}
    </div>
  );
}
