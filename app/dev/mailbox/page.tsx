import Link from "next/link";
import { notFound } from "next/navigation";
import { InboxIcon } from "lucide-react";
import { LocalTime } from "@/components/common/local-time";
import { EmptyState } from "@/components/ui/empty-state";
import { cn } from "@/lib/utils";
import { devMailboxEnabled, getMailboxMessage, listMailbox } from "@/server/notifications/dev-mailbox";

export const metadata = { title: "Local mailbox" };
export const dynamic = "force-dynamic";

/**
 * Development mailbox: every email the app sends, rendered as a mail client would, with
 * working links. Only present when no email provider is configured (DEV_MAILBOX).
 */
export default async function DevMailboxPage({ searchParams }: { searchParams: Promise<{ id?: string; to?: string }> }) {
  if (!devMailboxEnabled()) notFound();
  const { id, to } = await searchParams;
  const messages = await listMailbox({ to });
  const selected = id ? await getMailboxMessage(id) : messages[0] ? await getMailboxMessage(messages[0].id) : null;
  const qs = (m: string) => `/dev/mailbox?${new URLSearchParams({ ...(to ? { to } : {}), id: m })}`;
  // Links inside the email open in this tab, like a click in a webmail client.
  const srcDoc = selected ? selected.html.replace(/<head>/i, '<head><base target="_top">').replaceAll('target="_blank"', 'target="_top"') : "";

  return (
    <main className="flex h-dvh flex-col">
      <header className="border-b bg-card px-4 py-3">
        <h1 className="font-semibold">Local mailbox</h1>
        <p className="text-sm text-muted-foreground">
          Emails are delivered here because no email provider is configured. {to ? `Showing mail to ${to}.` : "Showing all recipients."}
        </p>
      </header>
      {messages.length === 0 ? (
        <EmptyState className="m-auto" icon={<InboxIcon />} title="No emails yet" description="Sign-in links, bookings and reminders will arrive here." />
      ) : (
        <div className="grid min-h-0 flex-1 md:grid-cols-[22rem_1fr]">
          <ul className="min-h-0 overflow-y-auto border-r" aria-label="Messages" data-testid="mailbox-list">
            {messages.map((m) => (
              <li key={m.id}>
                <Link
                  href={qs(m.id)}
                  className={cn("block border-b px-4 py-3 hover:bg-accent", selected?.id === m.id && "bg-accent")}
                  data-testid="mailbox-item"
                >
                  <p className="truncate text-sm font-medium">{m.subject}</p>
                  <p className="truncate text-xs text-muted-foreground">
                    To {m.to} · <LocalTime value={m.createdAt} />
                  </p>
                </Link>
              </li>
            ))}
          </ul>
          {selected && (
            <section className="flex min-h-0 flex-col" aria-label="Message">
              <div className="border-b px-4 py-3 text-sm">
                <p className="font-medium">{selected.subject}</p>
                <p className="text-muted-foreground">To {selected.to}</p>
              </div>
              <iframe
                title={selected.subject}
                srcDoc={srcDoc}
                sandbox="allow-top-navigation allow-popups allow-popups-to-escape-sandbox"
                className="min-h-[480px] w-full flex-1 bg-white"
                data-testid="mailbox-message"
              />
            </section>
          )}
        </div>
      )}
    </main>
  );
}
