"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ClockIcon, HourglassIcon, SendIcon, VideoOffIcon } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { LocalTime } from "@/components/common/local-time";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage } from "@/lib/client-errors";
import { useNow } from "@/lib/hooks/use-now";
import { sessionChannel } from "@/lib/realtime/channels";
import { useRealtimeEvent } from "@/lib/realtime/client/hooks";
import type { SelectedDevices } from "@/lib/video/connection";
import { keepWarm, warmStream } from "@/lib/video/warm-media";
import { TID } from "@/lib/test-ids";
import { WAITING_TID } from "@/lib/waiting-test-ids";
import { waitingStatusFromEvent } from "@/lib/waiting-room/waiting-status-event";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";

const MESSAGE_MAX = 500;

/**
 * The waiting room of a patient or guest: their own picture (the device check's camera, kept
 * open so the call starts at once), what the clinician is doing and about how long it will
 * be (live), the clinician's "running late", and a message to the clinic.
 */
export function WaitingRoom({ sessionId, clinicianName, devices }: { sessionId: string; clinicianName: string; devices: SelectedDevices | undefined }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const statusKey = trpc.waitingRoom.status.queryKey({ sessionId });
  // Live: the clinician's running late comes with the new status, shown at once; another visit
  // starting or ending pushes a refetch. The interval is only a safety net for a missed event.
  const status = useQuery({ ...trpc.waitingRoom.status.queryOptions({ sessionId }), refetchInterval: 60_000 });
  useRealtimeEvent(sessionChannel(sessionId), "waiting.updated", (event) => {
    // A fetch on its way may have been read before the change: let it be fetched again instead.
    const next = queryClient.isFetching({ queryKey: statusKey }) ? null : waitingStatusFromEvent(queryClient.getQueryData(statusKey), event, clinicianName);
    if (next) queryClient.setQueryData(statusKey, next);
    else void refreshQueries(queryClient, { queryKey: statusKey });
  });
  // Re-renders every 15 s; the minutes use the clock at render time (not the last tick).
  const tick = useNow(15_000);
  const now = tick ? new Date() : null;

  const s = status.data;
  const minutesLeft = s?.expectedAt && now ? Math.max(1, Math.ceil((s.expectedAt.getTime() - now.getTime()) / 60_000)) : (s?.minutes ?? null);
  const expectedPassed = Boolean(s?.expectedAt && now && s.expectedAt.getTime() <= now.getTime());
  const name = s?.clinicianName ?? clinicianName;
  const about = minutesLeft !== null && !expectedPassed ? ` — about ${minutesLeft} min` : "";
  const sentence = !s
    ? `${name} has been told you are here and will let you in shortly.`
    : s.state === "starting"
      ? `${name} is letting you in now…`
      : s.state === "with_another_patient"
        ? `${name} is finishing another visit${about}`
        : s.state === "running_late"
          ? `${name} is running late${about}`
          : s.state === "before_time" && !expectedPassed
            ? `Your visit with ${name} starts in about ${minutesLeft} min`
            : `${name} knows you are here and will let you in shortly`;

  return (
    <div className="mx-auto grid max-w-4xl gap-4 md:grid-cols-[minmax(0,1fr)_20rem]" data-testid={TID.waitingRoom}>
      <div className="space-y-3">
        <SelfView devices={devices} />
        <Card>
          <CardHeader>
            <div className="flex items-center gap-2">
              <HourglassIcon aria-hidden className="size-6 shrink-0 text-primary" />
              <CardTitle as="h2">You are in the waiting room</CardTitle>
            </div>
            <p className="text-base font-medium" role="status" aria-live="polite" data-testid={WAITING_TID.status} data-state={s?.state ?? "loading"}>
              {sentence}
            </p>
            {s?.late && (
              <p className="flex items-center gap-2 text-sm text-warning-subtle-foreground" data-testid={WAITING_TID.lateNotice} data-minutes={s.late.minutes}>
                <ClockIcon aria-hidden className="size-4" />
                {name} sent at <LocalTime value={s.late.sentAt} />: running about {s.late.minutes} min late. Sorry for the wait.
              </p>
            )}
            <CardDescription>Your camera and microphone are ready. Keep this page open: the visit opens here by itself.</CardDescription>
          </CardHeader>
        </Card>
      </div>
      <MessageClinic sessionId={sessionId} />
    </div>
  );
}

/** Your own picture while you wait, from the device check's camera (no second prompt). */
function SelfView({ devices }: { devices: SelectedDevices | undefined }) {
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [failed, setFailed] = useState(false);
  const cameraOn = devices?.videoEnabled !== false;

  useEffect(() => {
    let cancelled = false;
    const kept = warmStream();
    if (kept) {
      setStream(kept);
      return;
    }
    // A reload (or a check made in this room): open the chosen devices once and keep them
    // warm for the call. Permission was already given, so the browser does not ask again.
    if (!navigator.mediaDevices?.getUserMedia) return;
    const constraints: MediaStreamConstraints = {
      audio: devices?.audioInputId ? { deviceId: { exact: devices.audioInputId } } : true,
      video: cameraOn ? (devices?.videoInputId ? { deviceId: { exact: devices.videoInputId } } : true) : false,
    };
    navigator.mediaDevices
      .getUserMedia(constraints)
      .then((s) => {
        if (cancelled) return s.getTracks().forEach((t) => t.stop());
        keepWarm(s);
        setStream(s);
      })
      .catch(() => !cancelled && setFailed(true));
    return () => {
      cancelled = true;
    };
    // Opened once for the waiting room; the session room releases it after the call connects.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the devices chosen at the check are fixed for the waiting room; reopening on a change would drop the warm stream
  }, []);

  useEffect(() => {
    if (video.current) video.current.srcObject = stream;
  }, [stream]);

  const hasVideo = Boolean(stream?.getVideoTracks().some((t) => t.readyState === "live")) && cameraOn;
  return (
    <div className="relative aspect-video w-full overflow-hidden rounded-lg border bg-muted" data-testid={WAITING_TID.selfView} data-live={hasVideo}>
      <video ref={video} autoPlay muted playsInline aria-label="Your camera" className={hasVideo ? "size-full -scale-x-100 object-cover" : "hidden"} />
      {!hasVideo && (
        <div className="flex size-full flex-col items-center justify-center gap-2 text-sm text-muted-foreground">
          <VideoOffIcon aria-hidden className="size-8" />
          {failed ? "Your camera is not available; you can still talk." : cameraOn ? "Starting your camera…" : "Your camera is off."}
        </div>
      )}
      <span className="absolute bottom-2 left-2 rounded bg-black/60 px-2 py-0.5 text-xs text-white">You</span>
    </div>
  );
}

function MessageClinic({ sessionId }: { sessionId: string }) {
  const trpc = useTRPC();
  const [body, setBody] = useState("");
  const [sent, setSent] = useState<{ id: string; body: string; createdAt: Date }[]>([]);
  const send = useMutation(
    trpc.waitingRoom.message.mutationOptions({
      onSuccess: (m) => {
        setSent((list) => [...list, m]);
        setBody("");
      },
    }),
  );
  return (
    <Card className="h-fit">
      <CardHeader>
        <CardTitle as="h2" className="text-base!">
          Message the clinic
        </CardTitle>
        <CardDescription>Running late, only audio today, a question before the visit? The clinic sees it straight away.</CardDescription>
      </CardHeader>
      <CardContent>
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (body.trim()) send.mutate({ sessionId, body });
          }}
        >
          <label htmlFor="waiting-message" className="sr-only">
            Your message to the clinic
          </label>
          <Textarea
            id="waiting-message"
            rows={3}
            maxLength={MESSAGE_MAX}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            placeholder="Write to the clinic…"
            data-testid={WAITING_TID.messageInput}
          />
          {send.error && <Alert variant="destructive">{errorMessage(send.error)}</Alert>}
          <Button type="submit" className="w-full" disabled={!body.trim()} loading={send.isPending} data-testid={WAITING_TID.messageSend}>
            <SendIcon aria-hidden /> Send to the clinic
          </Button>
        </form>
        {sent.length > 0 && (
          <ul className="mt-3 space-y-2 text-sm" aria-label="Messages you sent">
            {sent.map((m) => (
              <li key={m.id} className="rounded-md bg-muted p-2" data-testid={WAITING_TID.sentMessage}>
                <p className="whitespace-pre-wrap break-words">{m.body}</p>
                <p className="text-xs text-muted-foreground">
                  Sent <LocalTime value={m.createdAt} />
                </p>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
