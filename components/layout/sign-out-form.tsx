"use client";

import type { ReactNode } from "react";
import { markSigningOut } from "@/lib/auth/signing-out";

/**
 * The frame's sign-out: a plain form posting to the server action, so it works before
 * hydration and may redirect. Queries failing UNAUTHORIZED while the sign-out lands must not
 * send the tab to "session ended", hence the mark on submit.
 */
export function SignOutForm({ action, children }: { action: (formData: FormData) => void | Promise<void>; children: ReactNode }) {
  return (
    <form action={action} onSubmit={() => markSigningOut()}>
      {children}
    </form>
  );
}
