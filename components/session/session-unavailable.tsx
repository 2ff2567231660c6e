import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { TID } from "@/lib/test-ids";

/**
 * The session page when its session cannot be shown: a link that names no session this
 * person may see (a mistyped id, someone else's session: told alike), or a failure to load.
 */
export function SessionUnavailable({ notFound, onRetry }: { notFound: boolean; onRetry?: () => void }) {
  return (
    <Card className="mx-auto max-w-lg" data-testid={TID.sessionUnavailable}>
      <CardHeader>
        <CardTitle as="h1">{notFound ? "This video visit is not available" : "The visit could not be loaded"}</CardTitle>
        <CardDescription>
          {notFound
            ? "Check that you opened the right link, or ask the clinic to send it again."
            : "Check your connection and try again. Nothing you did has been lost."}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex gap-2">
        {!notFound && onRetry && <Button onClick={onRetry}>Try again</Button>}
        <Button asChild variant="outline">
          <Link href="/">Go to my home page</Link>
        </Button>
      </CardContent>
    </Card>
  );
}
