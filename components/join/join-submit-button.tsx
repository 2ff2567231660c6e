"use client";

import { useFormStatus } from "react-dom";
import { Button } from "@/components/ui/button";

/** The form's submit button, busy while the server signs the invitee in. */
export function JoinSubmitButton({ children, testId }: { children: React.ReactNode; testId: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" size="lg" className="w-full" loading={pending} data-testid={testId}>
      {children}
    </Button>
  );
}
