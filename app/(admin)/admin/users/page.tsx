import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { InviteStaffForm } from "@/components/admin/invite-staff-form";
import { LocalTime } from "@/components/common/local-time";
import { PageHeader } from "@/components/layout/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ADMIN_USERS_TID } from "@/lib/test-ids";
import { serverCaller } from "@/trpc/server-caller";
import { TRPCReactProvider } from "@/trpc/react";

export const metadata = { title: "Users" };
export const dynamic = "force-dynamic";

// Outcomes shown after an action, by code (never free text from the address bar).
const NOTICES: Record<string, { variant: "success" | "destructive"; text: string }> = {
  invited: { variant: "success", text: "Invitation sent. The link is valid for 7 days." },
  resent: { variant: "success", text: "A new invitation was sent; the previous link no longer works." },
  deactivated: { variant: "success", text: "The account is deactivated and was signed out everywhere." },
  invalid: { variant: "destructive", text: "Check the name, email and role, then try again." },
  CONFLICT: { variant: "destructive", text: "Someone already has an account with this email. Resend their invitation from the list instead." },
  PRECONDITION_FAILED: { variant: "destructive", text: "That cannot be done for this account now (already active, deactivated, or your own account)." },
  NOT_FOUND: { variant: "destructive", text: "That account no longer exists." },
  failed: { variant: "destructive", text: "That did not work. Please try again." },
};

async function attempt(run: () => Promise<unknown>, success: string) {
  let code = success;
  try {
    await run();
  } catch (error) {
    // The procedure's error code (tRPC's names), read as data: `instanceof` does not hold
    // across the server bundles an action and the router can end up in.
    const reported = (error as { code?: unknown } | null)?.code;
    code = typeof reported === "string" && NOTICES[reported] ? reported : "failed";
  }
  revalidatePath("/admin/users");
  redirect(`/admin/users?notice=${code}`);
}

async function resendAction(form: FormData) {
  "use server";
  const userId = String(form.get("userId") ?? "");
  await attempt(async () => (await serverCaller()).admin.resendInvitation({ userId }), "resent");
}

async function deactivateAction(form: FormData) {
  "use server";
  const userId = String(form.get("userId") ?? "");
  await attempt(async () => (await serverCaller()).admin.deactivateUser({ userId }), "deactivated");
}

const STATUS: Record<string, { label: string; variant: "success" | "warning" | "secondary" | "outline" }> = {
  ACTIVE: { label: "Active", variant: "success" },
  INVITED: { label: "Invited", variant: "warning" },
  DEACTIVATED: { label: "Deactivated", variant: "secondary" },
  NO_ACCOUNT: { label: "No portal account", variant: "outline" },
};

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const notice = sp.notice ? NOTICES[sp.notice] : undefined;
  const caller = await serverCaller();
  const [staff, patients] = await Promise.all([caller.admin.staff(), caller.admin.patients()]);

  return (
    <div className="space-y-6">
      <PageHeader title="Users" description="Invite clinicians and administrators, resend invitations, deactivate accounts, and see patients' portal access." />
      {notice ? (
        <Alert variant={notice.variant} data-testid={ADMIN_USERS_TID.usersNotice}>
          {notice.text}
        </Alert>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Invite staff</CardTitle>
          <CardDescription>They get an email with a link to choose their password.</CardDescription>
        </CardHeader>
        <CardContent>
          <TRPCReactProvider>
            <InviteStaffForm />
          </TRPCReactProvider>
        </CardContent>
      </Card>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Staff</h2>
        <Table data-testid={ADMIN_USERS_TID.staffTable}>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Last sign-in</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {staff.map((u) => (
              <TableRow key={u.id} data-testid={ADMIN_USERS_TID.staffRow} data-email={u.email} data-status={u.status}>
                <TableCell>
                  <div className="font-medium">{u.name ?? u.email}</div>
                  <div className="text-xs text-muted-foreground">{u.email}</div>
                </TableCell>
                <TableCell>{u.role === "ADMIN" ? "Administrator" : "Clinician"}</TableCell>
                <TableCell>
                  <Badge variant={STATUS[u.status]!.variant}>{STATUS[u.status]!.label}</Badge>
                </TableCell>
                <TableCell>{u.lastSignInAt ? <LocalTime value={u.lastSignInAt} /> : "Never"}</TableCell>
                <TableCell className="space-x-2 text-right whitespace-nowrap">
                  {u.status === "INVITED" ? (
                    <form action={resendAction} className="inline">
                      <input type="hidden" name="userId" value={u.id} />
                      <Button
                        type="submit"
                        size="sm"
                        variant="outline"
                        data-testid={ADMIN_USERS_TID.resendInvite}
                        aria-label={`Resend invitation to ${u.email}`}
                      >
                        Resend invitation
                      </Button>
                    </form>
                  ) : null}
                  {u.status !== "DEACTIVATED" ? (
                    <form action={deactivateAction} className="inline">
                      <input type="hidden" name="userId" value={u.id} />
                      <Button type="submit" size="sm" variant="destructive" data-testid={ADMIN_USERS_TID.deactivate} aria-label={`Deactivate ${u.email}`}>
                        Deactivate
                      </Button>
                    </form>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>

      <section className="space-y-2">
        <h2 className="text-lg font-semibold">Patients</h2>
        <Table data-testid={ADMIN_USERS_TID.patientsTable}>
          <TableHeader>
            <TableRow>
              <TableHead>Patient</TableHead>
              <TableHead>MRN</TableHead>
              <TableHead>Portal</TableHead>
              <TableHead>Last sign-in</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {patients.map((p) => (
              <TableRow key={p.id}>
                <TableCell>
                  <div className="font-medium">{p.name}</div>
                  {p.email ? <div className="text-xs text-muted-foreground">{p.email}</div> : null}
                </TableCell>
                <TableCell className="font-mono text-xs">{p.mrn}</TableCell>
                <TableCell>
                  <Badge variant={STATUS[p.portalStatus]!.variant}>{STATUS[p.portalStatus]!.label}</Badge>
                </TableCell>
                <TableCell>{p.lastSignInAt ? <LocalTime value={p.lastSignInAt} /> : "Never"}</TableCell>
                <TableCell className="text-right">
                  {p.userId && p.portalStatus !== "DEACTIVATED" ? (
                    <form action={deactivateAction} className="inline">
                      <input type="hidden" name="userId" value={p.userId} />
                      <Button type="submit" size="sm" variant="outline" aria-label={`Deactivate portal account of ${p.name}`}>
                        Deactivate portal
                      </Button>
                    </form>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </section>
    </div>
  );
}
