"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export default function SessionError({ error, reset }: { error: Error; reset: () => void }) {
  const notFound = /not found/i.test(error.message);
  return (
    <Card className="mx-auto max-w-lg">
      <CardHeader>
        <CardTitle as="h1">{notFound ? "This video visit is not available" : "The visit could not be loaded"}</CardTitle>
        <CardDescription>
          {notFound
            ? "Check that you opened the right link, or ask the clinic to send it again."
            : "Check your connection and try again. Nothing you did has been lost."}
        </CardDescription>
      </CardHeader>
      <CardContent className="flex gap-2">
        {!notFound && <Button onClick={reset}>Try again</Button>}
        <Button asChild variant="outline">
          <Link href="/">Go to my home page</Link>
        </Button>
      </CardContent>
    </Card>
  );
}
