"use client";

// A clinician's live alert inbox, on every clinician page and in the call: a toast the moment
// an alert is raised on any patient in their care (naming the patient and the trigger), an
// audible cue the clinician can mute, the count in the tab title, and a banner with the count
// until each is acknowledged. Fed by private-clinician-{id}, so it works without any patient
// page open.

import { useQueryClient } from "@tanstack/react-query";
import { BellRingIcon, Volume2Icon, VolumeXIcon } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { preloadToasts, toast } from "@/components/ui/toast";
import { Button } from "@/components/ui/button";
import { clinicianChannel } from "@/lib/realtime/channels";
import { useRealtimeEvent } from "@/lib/realtime/client/hooks";
import { describeAlert } from "@/lib/vitals/conditions";
import { VITALS_TID } from "@/lib/vitals-test-ids";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";
import { noteAlertEvent, useOpenAlerts } from "./use-open-alerts";

const MUTE_KEY = "bedside:alert-sound-muted";
/**
 * A raised alert is drawn from its event; the inbox (details, names for the list) is
 * refreshed this much later, so that refresh never competes with the alert's own delivery
 * (or the next one's) on a busy server.
 */
const INBOX_REFRESH_DELAY_MS = 2_000;

/** A short two-tone chime (Web Audio; no file to load). Silently does nothing where audio is blocked. */
function playAlertCue() {
  try {
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const gain = ctx.createGain();
    gain.gain.value = 0.15;
    gain.connect(ctx.destination);
    [880, 660].forEach((freq, i) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = freq;
      osc.connect(gain);
      osc.start(ctx.currentTime + i * 0.18);
      osc.stop(ctx.currentTime + i * 0.18 + 0.15);
    });
    window.setTimeout(() => void ctx.close(), 1000);
  } catch {
    // Audio is a courtesy; the toast, badge and title carry the alert.
  }
}

export function VitalsAlertCenter({ clinicianId }: { clinicianId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const { count } = useOpenAlerts();
  const [muted, setMuted] = useState(false);
  useEffect(() => setMuted(window.localStorage.getItem(MUTE_KEY) === "1"), []);
  // An alert toasts the moment its event arrives: have the toaster ready before the first one.
  useEffect(preloadToasts, []);

  useRealtimeEvent(clinicianChannel(clinicianId), "vitals.alert.updated", (p) => {
    // Counted (banner, title, the call's Vitals-tab badge) from the event itself.
    noteAlertEvent(queryClient, p);
    if (p.status === "ACKNOWLEDGED") {
      // Gone for everyone at once; the refetch below confirms.
      queryClient.setQueriesData<{ id: string }[]>(trpc.vitals.alerts.list.queryFilter(), (old) => old?.filter((a) => a.id !== p.alertId));
    }
    const refreshInbox = () => {
      void refreshQueries(queryClient, { queryKey: trpc.vitals.summary.queryKey({ patientId: p.patientId }) });
      void refreshQueries(queryClient, trpc.vitals.alerts.list.queryFilter());
    };
    if (p.status !== "OPEN") {
      refreshInbox();
      return;
    }
    // The event names the patient: the toast shows at once. The inbox refetch (details,
    // other tabs' acknowledgements) follows in the background and never delays it.
    toast.error(p.patientName ? `New vitals alert: ${p.patientName}` : "New vitals alert", {
      id: `vitals-alert-${p.alertId}`,
      description: describeAlert(p.condition, p.news2Total),
      duration: 30_000,
      action: { label: "Review", onClick: () => router.push(`/clinician/patients/${p.patientId}/vitals`) },
    });
    if (window.localStorage.getItem(MUTE_KEY) !== "1") playAlertCue();
    window.setTimeout(refreshInbox, INBOX_REFRESH_DELAY_MS);
  });

  // The count in the tab title, so an alert shows even while the clinician is in another tab.
  useEffect(() => {
    const strip = (t: string) => t.replace(/^\(\d+ alerts?\) /, "");
    const base = strip(document.title);
    document.title = count > 0 ? `(${count} alert${count === 1 ? "" : "s"}) ${base}` : base;
    return () => {
      document.title = strip(document.title);
    };
  }, [count, pathname]);

  if (count === 0 || pathname === "/clinician/alerts") return null;
  return (
    <div
      role="status"
      data-testid={VITALS_TID.vitalsAlertBanner}
      data-count={count}
      className="mb-4 flex flex-wrap items-center justify-between gap-2 rounded-lg border border-destructive-border bg-destructive-subtle px-4 py-2 text-sm text-destructive-subtle-foreground"
    >
      <span className="inline-flex items-center gap-2 font-semibold">
        <BellRingIcon aria-hidden className="size-4" />
        {count === 1 ? "1 open vitals alert" : `${count} open vitals alerts`}
      </span>
      <span className="inline-flex items-center gap-3">
        <Button
          variant="ghost"
          size="sm"
          data-testid={VITALS_TID.alertSoundToggle}
          aria-pressed={muted}
          onClick={() => {
            const next = !muted;
            window.localStorage.setItem(MUTE_KEY, next ? "1" : "0");
            setMuted(next);
          }}
        >
          {muted ? <VolumeXIcon aria-hidden /> : <Volume2Icon aria-hidden />}
          {muted ? "Alert sound off" : "Alert sound on"}
        </Button>
        <Link href="/clinician/alerts" className="font-medium underline underline-offset-2">
          Review alerts
        </Link>
      </span>
    </div>
  );
}
