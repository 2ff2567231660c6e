import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { env } from "@/env";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { completePasswordSetup, describeSetupToken, MIN_PASSWORD_LENGTH } from "@/server/staff/complete-password-setup";
import { isAppError } from "@/server/errors";
import { pageData } from "@/server/http/page-outage";

// The token is in the path: never send it on as a referrer.
export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

const ERRORS: Record<string, string> = {
  mismatch: "The two passwords are different. Type the same password twice.",
  weak: `Choose a password of ${MIN_PASSWORD_LENGTH} to 128 characters.`,
};

async function setPasswordAction(form: FormData) {
  "use server";
  const token = String(form.get("token") ?? "");
  const password = String(form.get("password") ?? "");
  const base = `/set-password/${encodeURIComponent(token)}`;
  if (password !== String(form.get("confirm") ?? "")) redirect(`${base}?error=mismatch`);
  try {
    await completePasswordSetup({ token, password });
  } catch (error) {
    if (isAppError(error) && error.reason === "weak_password") redirect(`${base}?error=weak`);
    if (isAppError(error)) redirect(base);
    throw error;
  }
  redirect("/signin?reason=password-set");
}

export default async function SetPasswordPage({
  params,
  searchParams,
}: {
  params: Promise<{ token: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { token } = await params;
  const sp = await searchParams;
  const invitee = await pageData(() => describeSetupToken({ token }));
  return (
    <main className="flex min-h-dvh items-center justify-center bg-muted/40 p-4">
      <div className="w-full max-w-md space-y-6">
        <div className="text-center">
          <p className="text-sm font-medium tracking-wide text-primary uppercase">Bedside</p>
          <h1 className="mt-1 text-2xl font-semibold">Set your password for {env.CLINIC_NAME}</h1>
        </div>
        {!invitee ? (
          <Alert variant="warning">This link has expired or was already used. Ask an administrator to send you a new invitation.</Alert>
        ) : (
          <form action={setPasswordAction} className="space-y-4 rounded-lg border bg-card p-6">
            <p className="text-sm text-muted-foreground">
              Signing in as <strong className="text-foreground">{invitee.email}</strong>.
            </p>
            {sp.error && ERRORS[sp.error] ? <Alert variant="destructive">{ERRORS[sp.error]}</Alert> : null}
            <input type="hidden" name="token" value={token} />
            <input type="text" name="username" autoComplete="username" defaultValue={invitee.email} hidden readOnly />
            <div className="space-y-1">
              <Label htmlFor="password">New password</Label>
              <Input id="password" name="password" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} maxLength={128} required />
              <p className="text-xs text-muted-foreground">At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words work well.</p>
            </div>
            <div className="space-y-1">
              <Label htmlFor="confirm">Type it again</Label>
              <Input id="confirm" name="confirm" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} maxLength={128} required />
            </div>
            <Button type="submit" className="w-full">
              Set password
            </Button>
          </form>
        )}
      </div>
    </main>
  );
}
