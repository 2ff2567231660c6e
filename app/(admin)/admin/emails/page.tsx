import { MailCheckIcon } from "lucide-react";
import { revalidatePath } from "next/cache";
import { LocalTime } from "@/components/common/local-time";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { JOIN_TID } from "@/lib/test-ids";
import { serverCaller } from "@/trpc/server-caller";

export const metadata = { title: "Emails" };
export const dynamic = "force-dynamic";

async function retryAction(form: FormData) {
  "use server";
  const ids = form.getAll("emailId").map(String).filter(Boolean);
  if (ids.length) await (await serverCaller()).notifications.retryEmails({ emailIds: ids.slice(0, 100) });
  revalidatePath("/admin/emails");
}

/** Emails the outbox gave up on, with a retry per message (or all at once). */
export default async function AdminEmailsPage() {
  const caller = await serverCaller();
  const [{ items }, counts] = await Promise.all([caller.notifications.failedEmails({ limit: 100 }), caller.notifications.emailCounts()]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Emails"
        description={`${counts.pending} waiting to send, ${counts.sent} sent, ${counts.failed} failed. Failed emails are retried only when you ask.`}
        actions={
          items.length > 1 ? (
            <form action={retryAction}>
              {items.map((m) => (
                <input key={m.id} type="hidden" name="emailId" value={m.id} />
              ))}
              <Button type="submit" variant="outline">
                Retry all {items.length}
              </Button>
            </form>
          ) : null
        }
      />
      {items.length === 0 ? (
        <EmptyState icon={<MailCheckIcon />} title="No failed emails" description="Every email was delivered or is still being retried automatically." />
      ) : (
        <Table data-testid={JOIN_TID.failedEmails}>
          <TableHeader>
            <TableRow>
              <TableHead>Recipient</TableHead>
              <TableHead>Email</TableHead>
              <TableHead>Error</TableHead>
              <TableHead>Queued</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((m) => (
              <TableRow key={m.id}>
                <TableCell className="font-medium">{m.to}</TableCell>
                <TableCell>
                  <div>{m.subject}</div>
                  <div className="text-xs text-muted-foreground">{m.template}</div>
                </TableCell>
                <TableCell>
                  <Badge variant="destructive">{m.lastError ?? "unknown"}</Badge>
                  <div className="text-xs text-muted-foreground">after {m.attempts} attempts</div>
                </TableCell>
                <TableCell>
                  <LocalTime value={m.createdAt} />
                </TableCell>
                <TableCell className="text-right">
                  <form action={retryAction}>
                    <input type="hidden" name="emailId" value={m.id} />
                    <Button type="submit" size="sm" variant="outline" data-testid={JOIN_TID.retryEmail} aria-label={`Retry the email to ${m.to}`}>
                      Retry
                    </Button>
                  </form>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
