import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center gap-4 p-6 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-muted-foreground">The page does not exist, or the link is no longer valid.</p>
      {/* A plain link: next/link here would be a client module of the root boundaries' chunk,
          which every page downloads and none can reuse (see components/ui/primary-button-class.ts). */}
      <Button asChild>
        <a href="/">Go to my home page</a>
      </Button>
    </main>
  );
}
