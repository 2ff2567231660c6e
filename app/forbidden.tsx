import { ShieldXIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { TID } from "@/lib/test-ids";

export const metadata = { title: "Not allowed" };

export default function Forbidden() {
  return (
    <main id="main-content" className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-4 p-6 text-center" data-testid={TID.forbidden}>
      <ShieldXIcon aria-hidden className="size-12 text-destructive" />
      <h1 className="text-2xl font-semibold">This page is not for your account</h1>
      <p className="text-muted-foreground">Your account does not have access to this area. If you think it should, ask your clinic administrator.</p>
      {/* A plain link: next/link here would be a client module of the root boundaries' chunk,
          which every page downloads and none can reuse (see components/ui/primary-button-class.ts). */}
      <Button asChild>
        <a href="/">Go to my home page</a>
      </Button>
    </main>
  );
}
