"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { CheckCircle2Icon, ClockIcon, PanelRightCloseIcon, PanelRightOpenIcon, UserRoundCheckIcon, XIcon } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { CallRoom, connectLiveKitWhileWaiting, preloadLiveKitCallRoom } from "@/components/call/call-room";
import type { CallConnectionState } from "@/components/call/call-ui";
import { DeviceCheck } from "@/components/call/device-check";
import { LocalTime } from "@/components/common/local-time";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage, errorReason } from "@/lib/client-errors";
import { formatDuration } from "@/lib/format";
import { useNow } from "@/lib/hooks/use-now";
import { formatTimeUntil } from "@/lib/format";
import { clinicianChannel, sessionChannel } from "@/lib/realtime/channels";
import { useRealtimeEvent, useSequencedEvents } from "@/lib/realtime/client/hooks";
import { TID } from "@/lib/test-ids";
import type { ConnectionDetails, SelectedDevices } from "@/lib/video/connection";
import type { CallStats } from "@/lib/video/stats";
import { deviceCheckDoneToday, rememberDeviceCheck } from "@/lib/video/device-check-memory";
import { loadPreparedDevices } from "@/lib/video/prepared-devices";
import { releaseWarm } from "@/lib/video/warm-media";
import { armWaitingConnection, dropWaitingConnection, takeWaitingConnection } from "@/lib/video/waiting-connection";
import { WaitingRoom } from "@/components/waiting-room/waiting-room";
import { LobbyWaitingNotes } from "@/components/waiting-room/lobby-waiting-notes";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";
import { useNotesDraft } from "./use-notes-draft";
import { ChatPanel } from "./chat-panel";
import { EndSessionDialog } from "./end-session-dialog";
import { InviteGuestDialog } from "./invite-guest-dialog";
import { ReportIssueDialog } from "./report-issue-dialog";
import { useSignalChannel } from "./use-signal-channel";
import { useReportPresenceDrops } from "./use-presence-drops";
import { VitalsPanel } from "@/components/vitals/vitals-panel";
import { useOpenAlerts } from "@/components/vitals/use-open-alerts";

type Phase = "check" | "lobby" | "waiting" | "confirm" | "call" | "left" | "elsewhere";

export interface SessionRoomProps {
  sessionId: string;
  me: { id: string };
  /** The clinician came from "Admit" on the Today list: start and admit once the devices are checked. */
  admitOnReady?: boolean;
}

/**
 * The session room: device check → (patients and guests) waiting room until the clinician
 * admits them / (clinician) lobby showing who is waiting → the call with chat, notes and
 * vitals beside it → the end. Session state follows the server live (sequence-checked).
 */
export function SessionRoom({ sessionId, me, admitOnReady = false }: SessionRoomProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const roomKey = trpc.sessions.room.queryKey({ sessionId });
  const { data: room } = useSuspenseQuery(trpc.sessions.room.queryOptions({ sessionId }));
  const myself = room.participants.find((p) => p.userId === me.id);
  // Open vitals alerts on this patient (shared with the alert center, which counts each from its realtime event).
  const patientAlerts = useOpenAlerts(room.myRole === "CLINICIAN").countFor(room.patient.id);
  const refresh = useCallback(() => void refreshQueries(queryClient, { queryKey: roomKey }), [queryClient, roomKey]);
  const now = useNow(1000);

  const [phase, setPhase] = useState<Phase>("check");
  const [devices, setDevices] = useState<SelectedDevices | undefined>();
  const [connection, setConnection] = useState<ConnectionDetails | null>(null);
  const [stintId, setStintId] = useState<string | null>(null);
  // LiveKit: the room connected while waiting, once admission has granted the call's rights on it.
  const [admittedRoom, setAdmittedRoom] = useState<unknown>(null);
  // Set once this page asks to join: from then on no early connection may be made (it would
  // push the call's own connection out: one connection per person).
  const entering = useRef(false);
  const [consent, setConsent] = useState(room.myRecordingConsent);
  const { notes, setNotes, flush: saveNotesNow, status: notesStatus, savedAt: notesSavedAt } = useNotesDraft(sessionId, room.myRole === "CLINICIAN");
  const stats = useRef<CallStats | null>(null);

  // Live session state: status changes carry a sequence number; a gap or reconnect refetches.
  useSequencedEvents({
    channel: sessionChannel(sessionId),
    event: "session.status",
    seqOf: (p) => p.seq,
    initialSeq: room.seq,
    onGap: refresh,
    onEvent: (e) => {
      // The clinician started the session: a waiting patient goes in on the event itself, not
      // after the room has been fetched again (a round trip off the time from admit to picture).
      if (e.status === "IN_PROGRESS" && phase === "waiting" && room.myRole === "PATIENT" && join.isIdle) enterCall();
      refresh();
    },
  });
  useRealtimeEvent(sessionChannel(sessionId), "participant.joined", refresh);
  useRealtimeEvent(sessionChannel(sessionId), "participant.left", refresh);
  useRealtimeEvent(sessionChannel(sessionId), "participant.waiting", refresh);
  useRealtimeEvent(sessionChannel(sessionId), "participant.admitted", refresh);
  useRealtimeEvent(room.myRole === "CLINICIAN" ? clinicianChannel(me.id) : null, "waiting.arrived", (e) => {
    if (e.sessionId === sessionId) refresh();
  });

  const join = useMutation(
    trpc.sessions.join.mutationOptions({
      onSuccess: (r) => {
        if (r.admittedInPlace) setAdmittedRoom(takeWaitingConnection(sessionId));
        else {
          dropWaitingConnection();
          setAdmittedRoom(null);
        }
        rememberStint(sessionId, r.stintId);
        setConnection(r.connection as ConnectionDetails);
        setStintId(r.stintId);
        setPhase("call");
      },
      // The call is open on this person's other device or tab: ask before taking it over.
      onError: (e) => {
        if (errorReason(e) === "open_elsewhere") setPhase("confirm");
      },
    }),
  );
  /** Into the call; unless `takeOver`, the server refuses while it is open on another device. */
  const enterCall = (takeOver = false) => {
    entering.current = true;
    // Admitted on the waiting connection when it is up; otherwise the usual connect, and a
    // waiting connection still on its way is ended first.
    const waitingConnected = armWaitingConnection(sessionId);
    if (!waitingConnected) dropWaitingConnection();
    join.mutate({ sessionId, takeOver, previousStintId: rememberedStint(sessionId), waitingConnected });
  };
  const waitingConnection = useMutation(trpc.sessions.waitingConnection.mutationOptions());
  /** LiveKit: connect (with no rights) while waiting, so admission need not connect. Best effort. */
  function connectWhileWaiting(d: SelectedDevices) {
    if (room.provider !== "LIVEKIT") return;
    waitingConnection.mutate(
      { sessionId },
      {
        onSuccess: ({ connection: c }) => {
          if (c.provider !== "LIVEKIT" || entering.current) return;
          void connectLiveKitWhileWaiting({ sessionId, connection: c, devices: d, stillWaiting: () => !entering.current }).catch(() => undefined);
        },
      },
    );
  }
  const arrive = useMutation(
    trpc.sessions.arrive.mutationOptions({
      onSuccess: (r) => {
        if (r.admitted) enterCall();
        else setPhase("waiting");
        refresh();
      },
    }),
  );
  const start = useMutation(
    trpc.sessions.start.mutationOptions({
      onSuccess: () => {
        // Into the call first: the join request goes out ahead of the refetches below, which the
        // call does not wait for.
        enterCall();
        refresh();
        // Starting admits whoever waits: the arrival notice's "(N) waiting" list is out of date.
        void refreshQueries(queryClient, { queryKey: trpc.waitingRoom.list.queryKey() });
      },
    }),
  );
  const leave = useMutation(trpc.sessions.leave.mutationOptions());
  const markConnected = useMutation(trpc.sessions.markConnected.mutationOptions());
  const connectedStint = useRef<string | null>(null);
  const giveConsent = useMutation(trpc.sessions.consentToRecording.mutationOptions());

  // A waiting patient moves into the call the moment the clinician starts it; a guest once
  // the clinician has admitted them.
  const admitted = room.myRole !== "GUEST" || Boolean(myself?.admittedAt);
  useEffect(() => {
    if (phase === "waiting" && room.status === "IN_PROGRESS" && admitted && join.isIdle) enterCall();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- enterCall is a fresh closure each render over `join` and `sessionId`, both listed
  }, [phase, room.status, admitted, join, sessionId]);

  // One live connection per person: a join from another device (or tab) takes over, and
  // this one stops and says why.
  useRealtimeEvent(sessionChannel(sessionId), "participant.takeover", (e) => {
    if (e.userId !== me.id || phase !== "call" || !stintId || e.stintId === stintId) return;
    setConnection(null);
    setPhase("elsewhere");
    join.reset();
  });

  // The tab closes, reloads or navigates away: the connection's end goes to the visit record
  // at once (a beacon survives the unload; the provider's own signal may come later).
  useEffect(() => {
    if (phase !== "call" || !stintId) return;
    const onPageHide = () => {
      const body = new Blob([JSON.stringify({ stintId })], { type: "text/plain" });
      navigator.sendBeacon(`/api/sessions/${encodeURIComponent(sessionId)}/leave`, body);
    };
    window.addEventListener("pagehide", onPageHide);
    return () => window.removeEventListener("pagehide", onPageHide);
  }, [phase, stintId, sessionId]);

  // A LiveKit call's code loads while the person checks devices, waits or sits in the lobby,
  // so admission connects at once.
  useEffect(() => {
    if (room.provider === "LIVEKIT" && room.joinWindow.state === "open") preloadLiveKitCallRoom();
  }, [room.provider, room.joinWindow.state]);

  // Whatever happens, the kept camera and a waiting connection do not outlive the room.
  useEffect(
    () => () => {
      releaseWarm();
      dropWaitingConnection();
    },
    [],
  );
  // Nor the visit: ended or cancelled while waiting.
  useEffect(() => {
    if (room.status === "COMPLETED" || room.status === "CANCELLED") dropWaitingConnection();
  }, [room.status]);

  const admit = useMutation(
    trpc.sessions.admit.mutationOptions({
      onSuccess: () => {
        refresh();
        void refreshQueries(queryClient, { queryKey: trpc.waitingRoom.list.queryKey() });
      },
    }),
  );
  const waitingGuests = room.participants.filter((p) => p.role === "GUEST" && p.arrivedAt && !p.admittedAt);

  // A running call counts as activity for staff idle logoff.
  useEffect(() => {
    if (phase !== "call") return;
    const t = window.setInterval(() => window.dispatchEvent(new Event("bedside:activity")), 30_000);
    return () => window.clearInterval(t);
  }, [phase]);

  // The side panel (chat, vitals, notes): open beside the stage on a wide screen; on a phone a
  // bottom sheet over the full-screen video, closed until asked for. The call only ever
  // renders in the browser (after the device check), so reading the screen width here is safe.
  const [panelOpen, setPanelOpen] = useState(() => typeof window === "undefined" || window.matchMedia("(min-width: 768px)").matches);
  // During the call the page belongs to the call: the phone's bottom navigation would cover it.
  useEffect(() => {
    if (phase !== "call") return;
    document.documentElement.dataset.inCall = "true";
    return () => {
      delete document.documentElement.dataset.inCall;
    };
  }, [phase]);

  const signalName = connection?.provider === "P2P" ? connection.signalChannel : null;
  const signalChannel = useSignalChannel(phase === "call" ? signalName : null);
  useReportPresenceDrops(sessionId, phase === "call" ? signalName : null);

  // Came from the join link's landing page, where the devices were checked (and consent
  // given): straight on to the waiting room. "unknown" until mounted (sessionStorage is
  // client-only), so server and client render the same placeholder.
  const [prepared, setPrepared] = useState<"unknown" | "none" | "used">("unknown");
  // eslint-disable-next-line react-hooks/exhaustive-deps -- runs after each render until it has decided once (guarded by `prepared`)
  useEffect(() => {
    if (prepared !== "unknown" || phase !== "check" || room.joinWindow.state !== "open") return;
    // A clinician who checked their devices earlier today (this browser) goes straight on.
    const remembered = room.myRole === "CLINICIAN" ? deviceCheckDoneToday(me.id) : null;
    const p = loadPreparedDevices(sessionId) ?? (remembered ? { devices: remembered, recordingConsent: false } : null);
    if (!p || (room.recordingEnabled && !room.myRecordingConsent && !p.recordingConsent)) {
      setPrepared("none");
      return;
    }
    setPrepared("used");
    if (p.recordingConsent) setConsent(true);
    void onDevicesReady(p.devices, p.recordingConsent || consent);
  });

  async function onDevicesReady(d: SelectedDevices, agreed = consent) {
    setDevices(d);
    if (room.recordingEnabled && agreed && !room.myRecordingConsent) await giveConsent.mutateAsync({ sessionId });
    if (room.myRole === "CLINICIAN") {
      rememberDeviceCheck(me.id, d);
      if (room.status === "IN_PROGRESS") enterCall();
      else if (admitOnReady) start.mutate({ sessionId });
      else {
        setPhase("lobby");
        connectWhileWaiting(d);
      }
    } else {
      arrive.mutate({ sessionId });
      // Alongside the arrival: up by the time the clinician sees them waiting.
      if (room.status !== "IN_PROGRESS" || room.myRole === "GUEST") connectWhileWaiting(d);
    }
  }

  // Media flows on this join: reported once per join, for the share of joins that connected.
  function onConnectionStateChange(state: CallConnectionState) {
    // The call runs on its own tracks now: the waiting room's warm camera can go.
    if (state === "connected") releaseWarm();
    if (state !== "connected" || !stintId || connectedStint.current === stintId) return;
    connectedStint.current = stintId;
    markConnected.mutate({ sessionId, stintId });
  }

  function onLeave() {
    releaseWarm();
    setAdmittedRoom(null);
    setConnection(null);
    setPhase("left");
    if (stintId) leave.mutate({ sessionId, stintId });
  }

  const joinError = errorReason(join.error) === "open_elsewhere" ? null : join.error;
  const actionError = joinError ?? arrive.error ?? start.error ?? giveConsent.error ?? admit.error;
  const title = room.myRole === "CLINICIAN" ? `Video visit with ${room.patient.name}` : `Video visit with ${room.clinicianName}`;

  if (room.status === "COMPLETED") {
    return (
      <Card className="mx-auto max-w-lg" data-testid={TID.sessionCompleted}>
        <CardHeader>
          <CheckCircle2Icon aria-hidden className="size-10 text-success" />
          <CardTitle as="h1">This visit has ended</CardTitle>
          <CardDescription>
            {room.durationSeconds !== null ? `It lasted ${formatDuration(room.durationSeconds)}. ` : ""}
            {room.myRole === "PATIENT" ? "A summary is on its way to your email." : "The session is saved on the visit."}
          </CardDescription>
        </CardHeader>
        {room.myRole !== "GUEST" && (
          <CardContent>
            <Button asChild>
              <Link href={`/visits/${room.visitId}`}>View the visit</Link>
            </Button>
          </CardContent>
        )}
      </Card>
    );
  }
  if (room.status === "CANCELLED") {
    return (
      <Alert variant="warning" className="mx-auto max-w-lg">
        This video visit was cancelled. Contact the clinic if you need a new appointment.
      </Alert>
    );
  }
  if (room.joinWindow.state !== "open" && phase !== "call") {
    return (
      <Card className="mx-auto max-w-lg" data-testid={TID.joinWindowNotice}>
        <CardHeader>
          <ClockIcon aria-hidden className="size-10 text-primary" />
          <CardTitle as="h1">{title}</CardTitle>
          <CardDescription>
            {room.joinWindow.state === "early" ? (
              <>
                You can join from <LocalTime value={room.joinWindow.opensAt} />
                {now ? `, in ${formatTimeUntil(room.joinWindow.opensAt.getTime() - now.getTime())}` : ""}. This page opens the visit by itself when it is time.
              </>
            ) : (
              <>
                The time to join this visit ended at <LocalTime value={room.joinWindow.closesAt} />. Contact the clinic to book a new time.
              </>
            )}
          </CardDescription>
        </CardHeader>
        {room.joinWindow.state === "early" && <WindowOpener opensAt={room.joinWindow.opensAt} onOpen={refresh} />}
      </Card>
    );
  }

  return (
    <div className="space-y-4" data-testid={TID.sessionRoom} data-phase={phase}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h1 className="text-xl font-semibold">{title}</h1>
          {room.scheduledStart && (
            <p className="text-sm text-muted-foreground" data-testid={TID.sessionBookedFor}>
              Booked for <LocalTime value={room.scheduledStart} />
            </p>
          )}
        </div>
        <Badge variant={room.status === "IN_PROGRESS" ? "info" : "secondary"} data-testid={TID.sessionStatus} data-status={room.status}>
          {room.status === "IN_PROGRESS" ? "In progress" : "Not started"}
        </Badge>
      </div>
      {actionError && <Alert variant="destructive">{errorMessage(actionError)}</Alert>}

      {phase === "check" && prepared !== "none" && !actionError && (
        <div
          className="mx-auto flex h-48 max-w-lg items-center justify-center gap-2 rounded-lg border bg-card text-muted-foreground"
          data-testid={TID.sessionPreparing}
        >
          <Spinner label={null} />
          <span role="status">Getting your visit ready…</span>
        </div>
      )}
      {phase === "check" && (prepared === "none" || actionError) && (
        <DeviceCheck
          onReady={(d) => void onDevicesReady(d)}
          keepWarmOnContinue={room.myRole !== "CLINICIAN"}
          continueLabel={room.myRole === "CLINICIAN" ? "Continue" : "Join the visit"}
          continueDisabled={room.recordingEnabled && !consent}
        >
          {room.recordingEnabled && (
            <label className="flex items-start gap-2 text-sm">
              <input type="checkbox" className="mt-0.5 size-4" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
              <span>I agree that this visit is recorded. The recording is kept with my clinical record and only the clinic can view it.</span>
            </label>
          )}
        </DeviceCheck>
      )}

      {phase === "waiting" && <WaitingRoom sessionId={sessionId} clinicianName={room.clinicianName} devices={devices} />}

      {phase === "lobby" && (
        <Card className="mx-auto max-w-lg">
          <CardHeader>
            <CardTitle as="h2">Ready when you are</CardTitle>
            <CardDescription>Start the session to let the patient in. They join automatically.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            <ul className="space-y-2" aria-label="Waiting room">
              {room.participants
                .filter((p) => p.role !== "CLINICIAN")
                .map((p) => (
                  <li key={p.userId} className="flex items-center justify-between gap-2">
                    <span>
                      {p.displayName} <span className="text-muted-foreground">({p.role.toLowerCase()})</span>
                    </span>
                    {p.arrivedAt ? (
                      <Badge variant="warning" data-testid={TID.waitingBadge}>
                        <UserRoundCheckIcon aria-hidden /> Waiting
                        {now ? ` ${Math.max(0, Math.floor((now.getTime() - p.arrivedAt.getTime()) / 60_000))} min` : ""}
                      </Badge>
                    ) : (
                      <Badge variant="outline">Not here yet</Badge>
                    )}
                  </li>
                ))}
            </ul>
            <LobbyWaitingNotes sessionId={sessionId} />
            <Button className="w-full" loading={start.isPending || join.isPending} onClick={() => start.mutate({ sessionId })} data-testid={TID.admitButton}>
              Start and admit
            </Button>
            <InviteGuestDialog sessionId={sessionId} />
          </CardContent>
        </Card>
      )}

      {phase === "elsewhere" && (
        <Card className="mx-auto max-w-lg" data-testid={TID.callTakenOver}>
          <CardHeader>
            <CardTitle as="h2">The call continues on another device</CardTitle>
            <CardDescription>
              You joined this visit from another device or tab, so this one has left the call (one connection per person keeps the call clear for everyone).
            </CardDescription>
          </CardHeader>
          <CardContent>
            <Button onClick={() => enterCall(true)} loading={join.isPending} data-testid="continue-here">
              Continue here instead
            </Button>
          </CardContent>
        </Card>
      )}

      {phase === "confirm" && (
        <Card className="mx-auto max-w-lg" data-testid={TID.callContinueHerePrompt}>
          <CardHeader>
            <CardTitle as="h2">Continue here?</CardTitle>
            <CardDescription>
              This visit is open on another of your devices or tabs. You can be in the call from one place at a time: continue here and the call moves to this
              device, and the other one leaves the call and says why.
            </CardDescription>
          </CardHeader>
          <CardContent className="flex flex-wrap gap-2">
            <Button onClick={() => enterCall(true)} loading={join.isPending} data-testid={TID.callContinueHere}>
              Continue here
            </Button>
            <Button variant="outline" onClick={() => setPhase("left")} disabled={join.isPending}>
              Not now
            </Button>
          </CardContent>
        </Card>
      )}

      {phase === "left" && (
        <Card className="mx-auto max-w-lg">
          <CardHeader>
            <CardTitle as="h2">You left the call</CardTitle>
            <CardDescription>The visit is still running. You can go back in.</CardDescription>
          </CardHeader>
          <CardContent>
            <Button onClick={() => enterCall()} loading={join.isPending} data-testid="rejoin">
              Rejoin the call
            </Button>
          </CardContent>
        </Card>
      )}

      {phase === "call" && connection && (
        <div
          data-panel={panelOpen ? "open" : "closed"}
          className={cn(
            "flex gap-4",
            // Wide screens: the stage takes the height left under the page title.
            "md:h-[calc(100dvh-11rem)] md:min-h-[26rem]",
            // Phones: the call takes the whole screen.
            "max-md:fixed max-md:inset-0 max-md:z-[45] max-md:bg-neutral-950",
          )}
        >
          <div className="relative min-w-0 flex-1 max-md:h-dvh">
            {(connection.provider === "LIVEKIT" || signalChannel) && (
              <CallRoom
                connection={connection}
                room={admittedRoom}
                signalChannel={signalChannel}
                devices={devices}
                recording={false}
                onLeave={onLeave}
                onStats={(s) => (stats.current = s)}
                onConnectionStateChange={onConnectionStateChange}
                waitingMessage={room.myRole === "CLINICIAN" ? "Waiting for the patient to join…" : "Waiting for the others to join…"}
                leaveConfirmation={{
                  description:
                    room.myRole === "CLINICIAN"
                      ? "The visit keeps running and the others stay in the call. You can rejoin from this page. To finish the visit, use End session instead."
                      : "The visit keeps running. You can rejoin from this page while it lasts.",
                }}
              />
            )}
            <Button
              variant="secondary"
              size="sm"
              className="absolute top-[max(0.5rem,env(safe-area-inset-top))] right-2 z-30 shadow md:top-0 md:right-0"
              aria-expanded={panelOpen}
              aria-controls="call-side-panel"
              data-testid={TID.callPanelToggle}
              onClick={() => setPanelOpen((o) => !o)}
            >
              {panelOpen ? <PanelRightCloseIcon aria-hidden /> : <PanelRightOpenIcon aria-hidden />}
              <span className={cn(panelOpen && "md:sr-only")}>{panelOpen ? "Hide panel" : room.myRole === "GUEST" ? "Chat" : "Chat & vitals"}</span>
              {!panelOpen && room.myRole === "CLINICIAN" && waitingGuests.length > 0 ? <Badge variant="warning">{waitingGuests.length} waiting</Badge> : null}
              {!panelOpen && patientAlerts > 0 ? (
                <Badge variant="destructive" aria-label={`${patientAlerts} open vitals alert${patientAlerts === 1 ? "" : "s"}`}>
                  {patientAlerts}
                </Badge>
              ) : null}
            </Button>
          </div>
          <aside
            id="call-side-panel"
            aria-label="Chat, vitals and notes"
            data-testid={TID.callPanel}
            data-state={panelOpen ? "open" : "closed"}
            className={cn(
              "flex min-h-0 flex-col gap-3 overflow-y-auto bg-card p-3 md:w-[22rem] md:shrink-0 md:rounded-lg md:border",
              // On a phone: a bottom sheet over the video, its own scroll.
              "max-md:fixed max-md:inset-x-0 max-md:bottom-0 max-md:z-40 max-md:h-[62dvh] max-md:rounded-t-2xl max-md:border-t max-md:pb-[max(0.75rem,env(safe-area-inset-bottom))] max-md:shadow-2xl",
              !panelOpen && "hidden",
            )}
          >
            <div className="flex items-center justify-between md:hidden">
              <span aria-hidden className="mx-auto h-1.5 w-10 rounded-full bg-muted-foreground/40" />
              <Button variant="ghost" size="icon" aria-label="Close the panel" onClick={() => setPanelOpen(false)}>
                <XIcon aria-hidden />
              </Button>
            </div>
            {room.myRole === "CLINICIAN" && waitingGuests.length > 0 && (
              <ul
                className="space-y-2 rounded-md border border-warning-border bg-warning-subtle p-2 text-sm"
                aria-label="Waiting to join"
                data-testid={TID.callWaitingGuests}
              >
                {waitingGuests.map((g) => (
                  <li key={g.userId} className="flex items-center justify-between gap-2">
                    <span>
                      <strong>{g.displayName}</strong> (guest) is waiting to join
                    </span>
                    <Button size="sm" onClick={() => admit.mutate({ sessionId, userId: g.userId })} loading={admit.isPending} data-testid={TID.admitGuest}>
                      Admit
                    </Button>
                  </li>
                ))}
              </ul>
            )}
            <Tabs defaultValue="chat" className="flex min-h-0 flex-1 flex-col">
              <TabsList>
                <TabsTrigger value="chat">Chat</TabsTrigger>
                {room.myRole !== "GUEST" && (
                  <TabsTrigger value="vitals">
                    Vitals
                    {patientAlerts > 0 && (
                      <Badge
                        variant="destructive"
                        className="ml-1"
                        data-testid={TID.callAlertBadge}
                        data-count={patientAlerts}
                        aria-label={`${patientAlerts} open vitals alert${patientAlerts === 1 ? "" : "s"}`}
                      >
                        {patientAlerts}
                      </Badge>
                    )}
                  </TabsTrigger>
                )}
                {room.myRole === "CLINICIAN" && <TabsTrigger value="notes">Notes</TabsTrigger>}
              </TabsList>
              <TabsContent value="chat" className="flex min-h-0 flex-1 flex-col">
                <ChatPanel sessionId={sessionId} myUserId={me.id} />
              </TabsContent>
              {room.myRole !== "GUEST" && (
                <TabsContent value="vitals" className="min-h-0 overflow-y-auto">
                  <VitalsPanel patientId={room.patient.id} sessionId={sessionId} />
                </TabsContent>
              )}
              {room.myRole === "CLINICIAN" && (
                <TabsContent value="notes">
                  <label className="sr-only" htmlFor="session-notes">
                    Session notes
                  </label>
                  <Textarea
                    id="session-notes"
                    rows={10}
                    value={notes}
                    onChange={(e) => setNotes(e.target.value)}
                    onBlur={saveNotesNow}
                    placeholder="Notes for the record (kept as you type; filed when you end the session)"
                    data-testid={TID.sessionNotes}
                  />
                  <p className="mt-1 text-xs text-muted-foreground" aria-live="polite" data-testid={TID.sessionNotesStatus} data-status={notesStatus}>
                    {notesStatus === "saving"
                      ? "Saving draft…"
                      : notesStatus === "failed"
                        ? "Draft not saved. Keep typing to try again; the notes are still here."
                        : notesStatus === "saved" && notesSavedAt
                          ? `Draft saved ${notesSavedAt.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`
                          : null}
                  </p>
                </TabsContent>
              )}
            </Tabs>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <ReportIssueDialog sessionId={sessionId} stats={stats.current} />
              {room.myRole === "CLINICIAN" && <InviteGuestDialog sessionId={sessionId} />}
              {room.myRole === "CLINICIAN" && <EndSessionDialog sessionId={sessionId} draftNotes={notes} onEnded={refresh} />}
            </div>
          </aside>
        </div>
      )}
    </div>
  );
}

/** Refreshes the room when its join window opens, so the page moves on by itself. */
function WindowOpener({ opensAt, onOpen }: { opensAt: Date; onOpen: () => void }) {
  useEffect(() => {
    const ms = opensAt.getTime() - Date.now();
    const t = window.setTimeout(onOpen, Math.max(0, Math.min(ms + 500, 2 ** 31 - 1)));
    return () => window.clearTimeout(t);
  }, [opensAt, onOpen]);
  return null;
}

// This tab's last join, kept across a reload (sessionStorage is per tab): rejoining from the
// same tab is not "another device".
const stintKey = (sessionId: string) => `bedside:stint:${sessionId}`;

function rememberStint(sessionId: string, stintId: string) {
  try {
    window.sessionStorage.setItem(stintKey(sessionId), stintId);
  } catch {
    // Storage blocked: a reload then asks "Continue here?" once, which is still correct.
  }
}

function rememberedStint(sessionId: string): string | undefined {
  try {
    return window.sessionStorage.getItem(stintKey(sessionId)) ?? undefined;
  } catch {
    return undefined;
  }
}
