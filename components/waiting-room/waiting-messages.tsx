"use client";

import { MessageSquareIcon } from "lucide-react";
import { LocalTime } from "@/components/common/local-time";
import { WAITING_TID } from "@/lib/waiting-test-ids";

/** What a waiting patient or guest wrote to the clinic, where the clinician sees them wait. */
export function WaitingMessages({ messages }: { messages: { id: string; senderName: string; body: string; createdAt: Date }[] }) {
  if (messages.length === 0) return null;
  return (
    <ul className="w-full space-y-1" aria-label="Messages from the waiting room">
      {messages.map((m) => (
        <li
          key={m.id}
          className="flex gap-2 rounded-md border border-info-border bg-info-subtle px-2 py-1 text-sm text-info-subtle-foreground"
          data-testid={WAITING_TID.clinicMessage}
        >
          <MessageSquareIcon aria-hidden className="mt-0.5 size-4 shrink-0" />
          <span className="min-w-0">
            <strong>{m.senderName}</strong> (<LocalTime value={m.createdAt} dateStyle={null} />
            ): <span className="whitespace-pre-wrap break-words">{m.body}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
