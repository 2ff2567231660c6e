import type { Metadata } from "next";
import { env } from "@/env";
import { SignInForm } from "@/components/auth/sign-in-form";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PATIENTS } from "@/prisma/seed/demo-clinic";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, string> = {
  idle: `You were signed out after ${env.STAFF_IDLE_TIMEOUT_MINUTES} minutes without activity, to protect patient information.`,
  expired: "Your session has ended. Please sign in again.",
  "signed-out": "You have signed out.",
  deactivated: "Your account has been deactivated. Contact your clinic if you think this is wrong.",
  "password-set": "Your password is set. Sign in with your email and new password.",
};

const ERRORS: Record<string, string> = {
  Verification: "That sign-in link has expired or was already used. Request a new one below.",
  RateLimited: "Too many sign-in attempts. Please wait a few minutes and try again.",
  AccessDenied: "That account cannot sign in. Contact your clinic if you think this is wrong.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const sp = await searchParams;
  const callbackUrl = sp.callbackUrl?.startsWith("/") && !sp.callbackUrl.startsWith("//") ? sp.callbackUrl : "/";
  const notice = sp.reason ? NOTICES[sp.reason] : undefined;
  const error = sp.error ? (ERRORS[sp.error] ?? "Sign-in did not work. Please try again.") : undefined;
  const demo = env.SHOW_DEMO_ACCOUNTS
    ? {
        password: DEMO_PASSWORD,
        emails: [
          ...DEMO_ACCOUNTS.map((a) => ({ email: a.email, role: a.role })),
          ...DEMO_PATIENTS.slice(0, 2).map((p) => ({ email: p.email, role: "PATIENT" })),
        ],
      }
    : null;

  return (
    <main className="flex min-h-dvh items-center justify-center bg-muted/40 p-4">
      <div className="w-full max-w-md space-y-6">
        <div className="text-center">
          <p className="text-sm font-medium tracking-wide text-primary uppercase">Bedside</p>
          <h1 className="mt-1 text-2xl font-semibold">Sign in to {env.CLINIC_NAME}</h1>
        </div>
        <SignInForm callbackUrl={callbackUrl} notice={notice} initialError={error} />
        {demo && (
          <section aria-labelledby="demo-title" className="rounded-lg border bg-card p-4 text-sm">
            <h2 id="demo-title" className="font-medium">
              Demo accounts
            </h2>
            <p className="mt-1 text-muted-foreground">
              Password for all: <code className="font-mono">{demo.password}</code>
            </p>
            <ul className="mt-2 space-y-1">
              {demo.emails.map((a) => (
                <li key={a.email} className="flex justify-between gap-2">
                  <code className="font-mono">{a.email}</code>
                  <span className="text-muted-foreground">{a.role.toLowerCase()}</span>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </main>
  );
}
