"use client";

import { PRIMARY_BUTTON_CLASS } from "@/components/ui/primary-button-class";

// A plain <button> styled as the default Button: this boundary's chunk is downloaded by every
// page, and pages cannot reuse its modules (see components/ui/primary-button-class.ts).
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-muted-foreground">
        Nothing you entered has been lost. Try again; if it keeps happening, contact support
        {error.digest ? ` with reference ${error.digest}` : ""}.
      </p>
      <button type="button" data-slot="button" className={PRIMARY_BUTTON_CLASS} onClick={reset}>
        Try again
      </button>
    </main>
  );
}
