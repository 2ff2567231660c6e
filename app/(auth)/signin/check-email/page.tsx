import Link from "next/link";
import { MailCheckIcon } from "lucide-react";
import { env } from "@/env";
import { Button } from "@/components/ui/button";

export const metadata = { title: "Check your email" };
export const dynamic = "force-dynamic";

export default function CheckEmailPage() {
  const devMailbox = env.NODE_ENV !== "production" && !env.RESEND_API_KEY;
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <MailCheckIcon aria-hidden className="size-12 text-primary" />
      <h1 className="text-2xl font-semibold">Check your email</h1>
      <p className="text-muted-foreground">
        If an account exists for that address, a sign-in link is on its way. It works once and expires in {env.MAGIC_LINK_MAX_AGE_MINUTES} minutes.
      </p>
      {devMailbox && (
        <Button asChild variant="outline">
          <Link href="/dev/mailbox">Open the local mailbox</Link>
        </Button>
      )}
      <Link href="/signin" className="text-sm underline">
        Back to sign in
      </Link>
    </main>
  );
}
