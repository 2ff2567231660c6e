"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { signIn } from "@/lib/auth/auth-client";
import { SIGNIN_TID as TID } from "@/lib/shell-test-ids";

interface Props {
  callbackUrl: string;
  notice?: string;
  initialError?: string;
}

const RATE_LIMITED = "Too many sign-in attempts. Please wait a few minutes and try again.";

export function SignInForm({ callbackUrl, notice, initialError }: Props) {
  const router = useRouter();
  const [error, setError] = useState(initialError);
  const [pending, setPending] = useState(false);

  async function onPassword(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(undefined);
    try {
      const res = await signIn("credentials", { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") }, callbackUrl);
      if (res.status === 429) return setError(RATE_LIMITED);
      if (!res.ok || res.error) {
        return setError("That email and password do not match an active account. Check them, or sign in with an email link.");
      }
      router.replace(callbackUrl);
      router.refresh();
    } catch {
      setError("We could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  async function onMagicLink(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(undefined);
    try {
      const res = await signIn("email", { email: String(form.get("email") ?? "") }, callbackUrl);
      if (res.status === 429) return setError(RATE_LIMITED);
      if (!res.ok) return setError("Enter a valid email address.");
      router.push("/signin/check-email");
    } catch {
      setError("We could not reach the server. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <Card>
      <CardContent className="space-y-4 pt-6">
        {notice && (
          <Alert variant="info" data-testid={TID.signinNotice}>
            {notice}
          </Alert>
        )}
        {error && (
          <Alert variant="destructive" data-testid={TID.signinError}>
            {error}
          </Alert>
        )}
        <Tabs defaultValue="password">
          <TabsList className="grid! w-full grid-cols-2">
            <TabsTrigger value="password">Password</TabsTrigger>
            <TabsTrigger value="email">Email link</TabsTrigger>
          </TabsList>
          <TabsContent value="password">
            <form onSubmit={onPassword} className="space-y-4 pt-2" data-testid={TID.signinForm} noValidate>
              <FormField label="Email" required>
                <Input name="email" type="email" autoComplete="username" required data-testid={TID.signinEmail} />
              </FormField>
              <FormField label="Password" required>
                <Input name="password" type="password" autoComplete="current-password" required data-testid={TID.signinPassword} />
              </FormField>
              <Button type="submit" className="w-full" loading={pending} data-testid={TID.signinSubmit}>
                Sign in
              </Button>
            </form>
          </TabsContent>
          <TabsContent value="email">
            <form onSubmit={onMagicLink} className="space-y-4 pt-2">
              <FormField label="Email" description="We will email you a link that signs you in. No password needed." required>
                <Input name="email" type="email" autoComplete="email" required data-testid={TID.magicEmail} />
              </FormField>
              <Button type="submit" className="w-full" loading={pending} data-testid={TID.magicSubmit}>
                Email me a sign-in link
              </Button>
            </form>
          </TabsContent>
        </Tabs>
      </CardContent>
    </Card>
  );
}
