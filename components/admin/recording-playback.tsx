"use client";

import { useMutation } from "@tanstack/react-query";
import { RefreshCwIcon, RotateCcwIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";
import { toast } from "@/components/ui/toast";
import { LocalTime } from "@/components/common/local-time";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { errorMessage } from "@/lib/client-errors";
import { ADMIN_RECORDINGS_TID, TRANSCRIPT_TID } from "@/lib/test-ids";
import { cn } from "@/lib/utils";
import { useTRPC } from "@/trpc/react";
import { formatDuration } from "@/lib/format";

type TranscriptStatus = "PENDING" | "DONE" | "FAILED";

export interface TranscriptView {
  recordingId: string;
  configured: boolean;
  maxAttempts: number;
  transcript: {
    status: TranscriptStatus;
    language: string | null;
    text: string | null;
    segments: { start: number; end: number; text: string }[] | null;
    error: string | null;
    attempts: number;
    nextAttemptAt: Date | null;
    completedAt: Date | null;
  } | null;
}

/** m:ss, or h:mm:ss past an hour (a segment starts at the second it began, not the nearest). */
const clock = (seconds: number) => formatDuration(Math.floor(seconds), { style: "clock" });

const STATUS: Record<TranscriptStatus, { label: string; variant: "success" | "info" | "destructive" }> = {
  DONE: { label: "Done", variant: "success" },
  PENDING: { label: "Pending", variant: "info" },
  FAILED: { label: "Failed", variant: "destructive" },
};

export function TranscriptStatusBadge({ status, testId = TRANSCRIPT_TID.status }: { status: TranscriptStatus | "NONE" | "OFF"; testId?: string }) {
  if (status === "NONE")
    return (
      <Badge variant="outline" data-testid={testId}>
        Not transcribed
      </Badge>
    );
  if (status === "OFF")
    return (
      <Badge variant="outline" data-testid={testId}>
        Transcription off
      </Badge>
    );
  const s = STATUS[status];
  return (
    <Badge variant={s.variant} data-testid={testId} data-status={status}>
      {s.label}
    </Badge>
  );
}

/** The player and, beside it, the recording's transcript: click a line to hear it. */
export function RecordingPlayback({ src, title, description, view }: { src: string; title: string; description: React.ReactNode; view: TranscriptView }) {
  const video = useRef<HTMLVideoElement>(null);
  const [time, setTime] = useState(0);
  const seek = (seconds: number) => {
    const v = video.current;
    if (!v) return;
    v.currentTime = seconds;
    void v.play().catch(() => undefined);
  };
  return (
    <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
      <Card>
        <CardHeader>
          <CardTitle>{title}</CardTitle>
          <CardDescription>{description}</CardDescription>
        </CardHeader>
        <CardContent>
          <video
            ref={video}
            data-testid={ADMIN_RECORDINGS_TID.recordingPlayer}
            controls
            preload="metadata"
            className="w-full rounded-md bg-black"
            src={src}
            onTimeUpdate={(e) => setTime(e.currentTarget.currentTime)}
          />
        </CardContent>
      </Card>
      <TranscriptPanel view={view} time={time} onSeek={seek} />
    </div>
  );
}

function TranscriptPanel({ view, time, onSeek }: { view: TranscriptView; time: number; onSeek: (seconds: number) => void }) {
  const t = view.transcript;
  const status = t?.status ?? (view.configured ? "NONE" : "OFF");
  return (
    <Card role="region" data-testid={ADMIN_RECORDINGS_TID.recordingTranscript} aria-labelledby="transcript-title">
      <CardHeader>
        <div className="flex items-center justify-between gap-2">
          <CardTitle id="transcript-title">Transcript</CardTitle>
          <TranscriptStatusBadge status={status} />
        </div>
        {t?.status === "DONE" ? (
          <CardDescription>
            {t.language ? `Language: ${t.language}. ` : ""}Machine transcription: check it against the recording before relying on it.
          </CardDescription>
        ) : null}
      </CardHeader>
      <CardContent className="space-y-3 text-sm">
        <TranscriptBody view={view} time={time} onSeek={onSeek} />
      </CardContent>
    </Card>
  );
}

function TranscriptBody({ view, time, onSeek }: { view: TranscriptView; time: number; onSeek: (seconds: number) => void }) {
  const t = view.transcript;
  if (t?.status === "DONE") {
    if (t.segments && t.segments.length > 0) {
      return (
        <ol data-testid={TRANSCRIPT_TID.segments} className="max-h-[28rem] space-y-1 overflow-y-auto pr-1" aria-label="Transcript segments">
          {t.segments.map((s, i) => {
            const active = time >= s.start && time < s.end;
            return (
              <li key={`${s.start}-${i}`}>
                <button
                  type="button"
                  data-testid={TRANSCRIPT_TID.segment}
                  aria-current={active ? "true" : undefined}
                  onClick={() => onSeek(s.start)}
                  className={cn(
                    "grid w-full grid-cols-[auto_1fr] gap-3 rounded-md px-2 py-1.5 text-left hover:bg-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
                    active && "bg-accent",
                  )}
                >
                  <span className="text-muted-foreground tabular-nums">
                    <span className="sr-only">Play from </span>
                    {clock(s.start)}
                  </span>
                  <span>{s.text}</span>
                </button>
              </li>
            );
          })}
        </ol>
      );
    }
    return (
      <p data-testid={TRANSCRIPT_TID.text} className="max-h-[28rem] overflow-y-auto whitespace-pre-wrap">
        {t.text || (t.text === null ? "The transcript was deleted with the recording." : "No speech was recognised in this recording.")}
      </p>
    );
  }

  if (!view.configured) {
    return (
      <>
        {t?.status === "FAILED" ? <FailureReason error={t.error} attempts={t.attempts} /> : null}
        <Alert variant="info" role="note" data-testid={TRANSCRIPT_TID.notConfigured}>
          <div>
            <p className="font-medium">Transcription is not configured</p>
            <p>
              Set TRANSCRIPTION_URL to an OpenAI-compatible speech-to-text service (see README → Configuration). Recordings made until then can be transcribed
              afterwards from this page.
            </p>
          </div>
        </Alert>
      </>
    );
  }

  if (!t) {
    return (
      <>
        <p>This recording has not been transcribed (it was made while transcription was off).</p>
        <RetryButton recordingId={view.recordingId} label="Transcribe" />
      </>
    );
  }

  if (t.status === "FAILED") {
    return (
      <>
        <FailureReason error={t.error} attempts={t.attempts} />
        <RetryButton recordingId={view.recordingId} label="Retry transcription" />
      </>
    );
  }

  // PENDING: waiting for its first try, being transcribed, or waiting to be retried.
  const retrying = t.error !== null;
  return (
    <>
      {retrying ? (
        <Alert variant="warning" role="status" data-testid={TRANSCRIPT_TID.reason}>
          <div>
            <p className="font-medium">
              Attempt {t.attempts} of {view.maxAttempts} failed
            </p>
            <p>{t.error}</p>
            {t.nextAttemptAt ? (
              <p>
                Bedside tries again at <LocalTime value={t.nextAttemptAt} dateStyle={null} timeStyle="short" />.
              </p>
            ) : null}
          </div>
        </Alert>
      ) : (
        <p>{t.attempts > 0 ? "Being transcribed. A long recording can take several minutes." : "Waiting for the transcription service."}</p>
      )}
      <RefreshButton />
    </>
  );
}

/** Why the last transcription failed, as the service or Bedside put it. */
function FailureReason({ error, attempts }: { error: string | null; attempts: number }) {
  return (
    <Alert variant="destructive" role="status" data-testid={TRANSCRIPT_TID.reason}>
      <div>
        <p className="font-medium">Transcription failed{attempts > 1 ? ` after ${attempts} attempts` : ""}</p>
        <p>{error ?? "No reason was recorded."}</p>
      </div>
    </Alert>
  );
}

function RetryButton({ recordingId, label }: { recordingId: string; label: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const retry = useMutation(
    trpc.admin.retryTranscript.mutationOptions({
      onSuccess: () => {
        toast.success("Queued for transcription.");
        router.refresh();
      },
    }),
  );
  return (
    <div className="space-y-2">
      {retry.error ? <Alert variant="destructive">{errorMessage(retry.error)}</Alert> : null}
      <Button
        type="button"
        variant="outline"
        size="sm"
        data-testid={TRANSCRIPT_TID.retry}
        disabled={retry.isPending}
        onClick={() => retry.mutate({ recordingId })}
      >
        <RotateCcwIcon aria-hidden="true" />
        {retry.isPending ? "Queueing…" : label}
      </Button>
    </div>
  );
}

function RefreshButton() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      type="button"
      variant="ghost"
      size="sm"
      data-testid={TRANSCRIPT_TID.refresh}
      disabled={pending}
      onClick={() => startTransition(() => router.refresh())}
    >
      <RefreshCwIcon aria-hidden="true" />
      {pending ? "Checking…" : "Check again"}
    </Button>
  );
}
