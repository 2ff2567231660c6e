"use client";

// A busy clinician notices an arrival on any page: a toast naming who is waiting (with
// Admit), a chime they can mute (remembered in this browser), and the count in the tab
// title ("(1) waiting · Today · Bedside"). A message written from the waiting room gets a
// toast too. Fed by private-clinician-{id}; the list query keeps the count right after
// admissions, reloads and missed events.

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { BellIcon, BellOffIcon } from "lucide-react";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { preloadToasts, toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { clinicianChannel } from "@/lib/realtime/channels";
import { useRealtimeEvent } from "@/lib/realtime/client/hooks";
import { WAITING_TID } from "@/lib/waiting-test-ids";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";
import { useAdmitFromList } from "./use-admit-from-list";

const MUTE_KEY = "bedside:arrival-chime-muted";

function chimeMuted() {
  try {
    return window.localStorage.getItem(MUTE_KEY) === "1";
  } catch {
    return false;
  }
}

/** A soft rising three-note chime (Web Audio; no file). Does nothing where audio is blocked. */
function playArrivalChime() {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const gain = ctx.createGain();
    gain.gain.value = 0.12;
    gain.connect(ctx.destination);
    [523.25, 659.25, 783.99].forEach((freq, i) => {
      const osc = ctx.createOscillator();
      osc.type = "sine";
      osc.frequency.value = freq;
      osc.connect(gain);
      osc.start(ctx.currentTime + i * 0.16);
      osc.stop(ctx.currentTime + i * 0.16 + 0.22);
    });
    window.setTimeout(() => void ctx.close(), 1200);
    window.dispatchEvent(new CustomEvent("bedside:chime-played"));
  } catch {
    // The toast and the title carry the arrival.
  }
}

const TITLE_PREFIX = /\(\d+\) waiting · /g;

/**
 * Arrival toasts still up, by session: when and on which page each was raised. Module-wide, as
 * the toaster is: the clinician opens the room from the toast's page and admits there, under
 * another layout's notice.
 */
const arrivalToasts = new Map<string, { raisedAt: number; raisedOn: string }>();

export function ArrivalNotice({ clinicianId }: { clinicianId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const { admit } = useAdmitFromList(clinicianId);
  const list = useQuery({ ...trpc.waitingRoom.list.queryOptions(), refetchInterval: 30_000 });
  // An arrival toasts the moment its event arrives: have the toaster ready before the first one.
  useEffect(preloadToasts, []);
  const refresh = () => {
    void refreshQueries(queryClient, { queryKey: trpc.waitingRoom.list.queryKey() });
    void refreshQueries(queryClient, { queryKey: trpc.consultations.upcoming.queryKey() });
  };

  useRealtimeEvent(clinicianChannel(clinicianId), "waiting.arrived", (e) => {
    refresh();
    if (!chimeMuted()) playArrivalChime();
    arrivalToasts.set(e.sessionId, { raisedAt: Date.now(), raisedOn: pathname });
    toast.info(`${e.displayName} is in the waiting room`, {
      id: `arrival-${e.sessionId}`,
      duration: 60_000,
      action: {
        label: "Admit",
        onClick: () => {
          // In a running call only the waiting guests need letting in (starting admits the rest).
          const waiting = queryClient.getQueryData(trpc.waitingRoom.list.queryKey())?.find((s) => s.sessionId === e.sessionId)?.waiting ?? [];
          void admit(
            e.sessionId,
            waiting.filter((p) => p.role === "GUEST").map((p) => p.userId),
          );
        },
      },
      cancel: { label: "Open room", onClick: () => router.push(`/session/${e.sessionId}`) },
    });
  });

  useRealtimeEvent(clinicianChannel(clinicianId), "waiting.message", (e) => {
    if (!chimeMuted()) playArrivalChime();
    const show = (body: string | null) =>
      toast.info(`Message from ${e.displayName} in the waiting room`, {
        id: `waiting-message-${e.noticeId}`,
        description: body ?? undefined,
        duration: 60_000,
        action: { label: "Open room", onClick: () => router.push(`/session/${e.sessionId}`) },
      });
    show(null);
    // The event carries ids only; the text comes from the (audited) list, fetched now. Not
    // fetchQuery: it would join a list fetch already in flight, read before the message.
    void refreshQueries(queryClient, { queryKey: trpc.waitingRoom.list.queryKey() }).then(() => {
      const sessions = queryClient.getQueryData(trpc.waitingRoom.list.queryKey()) ?? [];
      const m = sessions.find((s) => s.sessionId === e.sessionId)?.messages.find((x) => x.id === e.noticeId);
      if (m) show(m.body);
    });
    void refreshQueries(queryClient, { queryKey: trpc.consultations.upcoming.queryKey() });
  });

  const count = (list.data ?? []).reduce((n, s) => n + s.waiting.length, 0);

  // An arrival toast has done its job once the clinician has gone into that session's room
  // (which shows who waits, with its own Admit) or nobody waits there any more (admitted,
  // gone, the visit ended; judged only on a list fetched after the toast: the arrival's own
  // refresh cancels older fetches). Left up for its minute it covered the room's controls
  // (the device check's Continue, End). Raised in the room itself, it stays until the admit.
  useEffect(() => {
    for (const [sessionId, { raisedAt, raisedOn }] of arrivalToasts) {
      const room = `/session/${sessionId}`;
      const wentIn = pathname === room && raisedOn !== room;
      const nobodyWaits = list.data !== undefined && list.dataUpdatedAt > raisedAt && !list.data.some((s) => s.sessionId === sessionId && s.waiting.length > 0);
      if (!wentIn && !nobodyWaits) continue;
      arrivalToasts.delete(sessionId);
      toast.dismiss(`arrival-${sessionId}`);
      // Going into the room mounts that layout's own Toaster, which sonner fills again with the
      // toasts still up, on a timer of its own: a dismissal in that moment was seen to miss it
      // (the toast stayed in 1 of 3 e2e runs). Once more after it has settled.
      window.setTimeout(() => toast.dismiss(`arrival-${sessionId}`), 1_000);
    }
  }, [pathname, list.data, list.dataUpdatedAt]);

  // "(N) waiting · " in the tab title, kept after any other prefix such as the alert count
  // (whose own code strips its prefix from the start of the title).
  useEffect(() => {
    const apply = () => {
      const current = document.title.replace(TITLE_PREFIX, "");
      const alert = /^\(\d+ alerts?\) /.exec(current)?.[0] ?? "";
      const next = count > 0 ? `${alert}(${count}) waiting · ${current.slice(alert.length)}` : current;
      if (document.title !== next) document.title = next;
    };
    apply();
    // Next sets the page's own title on navigation, after this effect: put the count back.
    const title = document.querySelector("title");
    const observer = title ? new MutationObserver(apply) : null;
    if (title) observer?.observe(title, { childList: true, characterData: true, subtree: true });
    return () => {
      observer?.disconnect();
      document.title = document.title.replace(TITLE_PREFIX, "");
    };
  }, [count, pathname]);

  return null;
}

/** The arrival chime on or off (pressed = on; remembered in this browser). */
export function ArrivalChimeToggle() {
  const [muted, setMuted] = useState(false);
  useEffect(() => setMuted(chimeMuted()), []);
  return (
    <Button
      variant="ghost"
      size="sm"
      aria-pressed={!muted}
      data-testid={WAITING_TID.chimeToggle}
      data-muted={muted}
      onClick={() => {
        const next = !muted;
        try {
          window.localStorage.setItem(MUTE_KEY, next ? "1" : "0");
        } catch {
          // storage disabled: muted for this page only
        }
        setMuted(next);
      }}
    >
      {muted ? <BellOffIcon aria-hidden /> : <BellIcon aria-hidden />}
      Arrival chime
    </Button>
  );
}
