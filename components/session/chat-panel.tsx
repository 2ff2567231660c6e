"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { SendIcon } from "lucide-react";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { LocalTime } from "@/components/common/local-time";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { errorMessage } from "@/lib/client-errors";
import { sessionChannel } from "@/lib/realtime/channels";
import { useRealtimeEvent } from "@/lib/realtime/client/hooks";
import { CHAT_BODY_MAX } from "@/lib/realtime/event-kinds";
import { TID } from "@/lib/test-ids";
import { useTRPC } from "@/trpc/react";

interface Message {
  id: string;
  senderId: string;
  senderName: string;
  body: string;
  createdAt: Date;
}

/** In-call chat: history from the server, new messages live; kept with the session. */
export function ChatPanel({ sessionId, myUserId, disabled }: { sessionId: string; myUserId: string; disabled?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listKey = trpc.chat.list.queryKey({ sessionId });
  const history = useQuery(trpc.chat.list.queryOptions({ sessionId }));
  const [text, setText] = useState("");
  const bottom = useRef<HTMLLIElement>(null);

  const add = (m: Message) =>
    queryClient.setQueryData(listKey, (old: Message[] | undefined) => (old?.some((x) => x.id === m.id) ? old : [...(old ?? []), m]) as never);

  useRealtimeEvent(sessionChannel(sessionId), "chat.message", (m) => add({ ...m, createdAt: new Date(m.createdAt) }));
  const send = useMutation(
    trpc.chat.send.mutationOptions({
      onSuccess: (m) => {
        add(m);
        setText("");
      },
    }),
  );
  const messages = (history.data ?? []) as Message[];
  // Braces matter: recent browsers make scrollIntoView return a promise, which an effect must not return.
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "nearest" });
  }, [messages.length]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (text.trim()) send.mutate({ sessionId, body: text });
  }

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2">
      <ol
        className="min-h-32 flex-1 space-y-2 overflow-y-auto rounded-md border p-2 text-sm"
        aria-label="Chat messages"
        aria-live="polite"
        data-testid={TID.chatMessages}
      >
        {messages.length === 0 && <li className="text-muted-foreground">No messages yet.</li>}
        {messages.map((m) => (
          <li key={m.id} className={m.senderId === myUserId ? "text-right" : undefined}>
            <span className="block text-xs text-muted-foreground">
              {m.senderId === myUserId ? "You" : m.senderName} · <LocalTime value={m.createdAt} dateStyle={null} timeStyle="short" />
            </span>
            <span className="inline-block rounded-md bg-muted px-2 py-1 break-words">{m.body}</span>
          </li>
        ))}
        <li ref={bottom} aria-hidden />
      </ol>
      {send.error && <p className="text-sm text-destructive">{errorMessage(send.error)}</p>}
      <form onSubmit={onSubmit} className="flex gap-2">
        <label className="sr-only" htmlFor="chat-input">
          Message
        </label>
        <Input
          id="chat-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={CHAT_BODY_MAX}
          placeholder="Type a message"
          disabled={disabled}
          data-testid={TID.chatInput}
        />
        <Button type="submit" size="icon" aria-label="Send message" disabled={disabled || !text.trim()} loading={send.isPending} data-testid={TID.chatSend}>
          <SendIcon aria-hidden />
        </Button>
      </form>
    </div>
  );
}
