"use client";

// Before joining: see yourself, pick camera, microphone and speaker, watch the microphone
// level move, and get browser-specific help when the camera or microphone is blocked.

import { CircleCheckIcon, MicIcon, MicOffIcon, RefreshCwIcon, UserRoundIcon, VideoIcon, VideoOffIcon, Volume2Icon } from "lucide-react";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Spinner } from "@/components/ui/spinner";
import { TID } from "@/lib/test-ids";
import { cn } from "@/lib/utils";
import { DEFAULT_DEVICES, type SelectedDevices } from "@/lib/video/connection";
import { keepWarm } from "@/lib/video/warm-media";
import { detectBrowser, mediaProblemOf, permissionHelp, type MediaProblem } from "@/lib/video/permission-help";

export interface DeviceCheckProps {
  /** The person pressed Continue with a working microphone; the preview is already released. */
  onReady: (devices: SelectedDevices) => void;
  continueLabel?: string;
  initialDevices?: Partial<SelectedDevices>;
  /** Extra content above Continue, e.g. a recording consent checkbox. */
  children?: ReactNode;
  /** Holds Continue back (e.g. until consent is given). */
  continueDisabled?: boolean;
  /** Continue shows a spinner (e.g. while the join form is being sent). */
  continueLoading?: boolean;
  continueTestId?: string;
  /**
   * Release the camera and microphone on Continue (default). Off when Continue leaves the page
   * (unmounting releases them) but may come back to it, e.g. a refused join form.
   */
  releaseOnContinue?: boolean;
  /**
   * "compact": a small preview, the level meter and the on/off switches, with the pickers
   * folded away, so a one-screen check-in keeps its Join button above the fold.
   */
  variant?: "full" | "compact";
  /**
   * Keep the camera and microphone open on Continue for the next screen (lib/video/warm-media):
   * the waiting room shows the self-view from it and the call starts on a running camera.
   */
  keepWarmOnContinue?: boolean;
}

type Status = "requesting" | "ready" | "error";

/** Above this RMS level the person is clearly heard (the meter is scaled to it). */
const HEARD_LEVEL = 0.02;

export function DeviceCheck({
  onReady,
  continueLabel = "Continue",
  initialDevices,
  children,
  continueDisabled,
  continueLoading,
  continueTestId = TID.deviceCheckContinue,
  releaseOnContinue = true,
  variant = "full",
  keepWarmOnContinue = false,
}: DeviceCheckProps) {
  const compact = variant === "compact";
  const [choice, setChoice] = useState<SelectedDevices>({ ...DEFAULT_DEVICES, ...initialDevices });
  const [status, setStatus] = useState<Status>("requesting");
  const [problem, setProblem] = useState<MediaProblem | null>(null);
  const [cameraProblem, setCameraProblem] = useState<MediaProblem | null>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [level, setLevel] = useState(0);
  const [heard, setHeard] = useState(false);
  const [browser, setBrowser] = useState<ReturnType<typeof detectBrowser>>("other");
  const streamRef = useRef<MediaStream | null>(null);
  const videoRef = useRef<HTMLVideoElement>(null);

  const stopPreview = useCallback(() => {
    streamRef.current?.getTracks().forEach((t) => t.stop());
    streamRef.current = null;
    setStream(null);
  }, []);

  const refreshDevices = useCallback(async () => {
    try {
      setDevices(await navigator.mediaDevices.enumerateDevices());
    } catch {
      setDevices([]);
    }
  }, []);

  const acquire = useCallback(
    async (want: Pick<SelectedDevices, "audioInputId" | "videoInputId" | "videoEnabled">) => {
      setBrowser(detectBrowser(navigator.userAgent));
      if (!window.isSecureContext) return fail("insecure");
      if (!navigator.mediaDevices?.getUserMedia) return fail("unsupported");
      stopPreview();
      setStatus("requesting");
      const audio: MediaTrackConstraints | boolean = want.audioInputId ? { deviceId: { exact: want.audioInputId } } : true;
      const video: MediaTrackConstraints = want.videoInputId
        ? { deviceId: { exact: want.videoInputId }, width: { ideal: 1280 }, height: { ideal: 720 } }
        : { width: { ideal: 1280 }, height: { ideal: 720 } };
      let next: MediaStream;
      let videoProblem: MediaProblem | null = null;
      try {
        next = await navigator.mediaDevices.getUserMedia({ audio, video: want.videoEnabled ? video : false });
      } catch (error) {
        if (!want.videoEnabled) return fail(mediaProblemOf(error));
        // The microphone matters most: try it alone, and explain the camera separately.
        try {
          next = await navigator.mediaDevices.getUserMedia({ audio });
          videoProblem = mediaProblemOf(error);
        } catch (audioError) {
          return fail(mediaProblemOf(audioError));
        }
      }
      streamRef.current = next;
      setStream(next);
      setProblem(null);
      setCameraProblem(videoProblem);
      const audioId = next.getAudioTracks()[0]?.getSettings().deviceId ?? null;
      const videoId = next.getVideoTracks()[0]?.getSettings().deviceId ?? null;
      setChoice((c) => ({
        ...c,
        audioInputId: audioId ?? c.audioInputId,
        videoInputId: videoId ?? c.videoInputId,
        videoEnabled: want.videoEnabled && !videoProblem,
      }));
      setStatus("ready");
      // Labels and ids are only listed once permission is granted.
      await refreshDevices();

      function fail(p: MediaProblem) {
        setProblem(p);
        setStatus("error");
      }
    },
    [refreshDevices, stopPreview],
  );

  useEffect(() => {
    void acquire(choice);
    const onChange = () => void refreshDevices();
    navigator.mediaDevices?.addEventListener?.("devicechange", onChange);
    return () => {
      navigator.mediaDevices?.removeEventListener?.("devicechange", onChange);
      stopPreview();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- acquire once on mount; later changes go through the pickers
  }, []);

  useEffect(() => {
    if (videoRef.current) videoRef.current.srcObject = stream;
  }, [stream, choice.videoEnabled]);

  useMicLevel(stream, (value) => {
    setLevel(value);
    if (value >= HEARD_LEVEL) setHeard(true);
  });

  const cameras = devices.filter((d) => d.kind === "videoinput" && d.deviceId);
  const microphones = devices.filter((d) => d.kind === "audioinput" && d.deviceId);
  const speakers = devices.filter((d) => d.kind === "audiooutput" && d.deviceId);
  const canPickSpeaker = typeof HTMLMediaElement !== "undefined" && "setSinkId" in HTMLMediaElement.prototype && speakers.length > 0;
  const hasAudio = Boolean(stream?.getAudioTracks().some((t) => t.readyState === "live"));
  const hasVideo = Boolean(stream?.getVideoTracks().some((t) => t.readyState === "live"));
  const help = problem ? permissionHelp(problem, browser) : null;
  const cameraHelp = !problem && cameraProblem ? permissionHelp(cameraProblem, browser) : null;

  const pick = (patch: Partial<SelectedDevices>) => {
    const next = { ...choice, ...patch };
    setChoice(next);
    void acquire(next);
  };

  const meter = (
    <div className="flex flex-col gap-2">
      <span className="text-sm font-medium" id="mic-level-label">
        Microphone level
      </span>
      <div
        role="meter"
        aria-labelledby="mic-level-label"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(Math.min(1, level / (HEARD_LEVEL * 4)) * 100)}
        data-testid={TID.deviceCheckMicLevel}
        data-level={level.toFixed(3)}
        data-heard={heard}
        className="h-3 w-full overflow-hidden rounded-full bg-muted"
      >
        <div className="h-full bg-success transition-[width] duration-75" style={{ width: `${Math.min(100, (level / (HEARD_LEVEL * 4)) * 100)}%` }} />
      </div>
      <p className="text-xs text-muted-foreground">
        {heard ? (
          <span className="inline-flex items-center gap-1 text-success">
            <CircleCheckIcon className="size-3.5" aria-hidden="true" /> We can hear you.
          </span>
        ) : (
          "Say something: the bar should move."
        )}
      </p>
    </div>
  );

  const pickers = (
    <div className="grid gap-4 sm:grid-cols-2">
      <FormField label="Camera">
        {(control) => (
          <Select
            value={choice.videoInputId ?? undefined}
            onValueChange={(id) => pick({ videoInputId: id, videoEnabled: true })}
            disabled={cameras.length === 0}
          >
            <SelectTrigger {...control} data-testid={TID.deviceCheckCamera}>
              <SelectValue placeholder={cameras.length ? "Choose a camera" : "No camera found"} />
            </SelectTrigger>
            <SelectContent>
              {cameras.map((d, i) => (
                <SelectItem key={d.deviceId} value={d.deviceId}>
                  {d.label || `Camera ${i + 1}`}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
      </FormField>
      <FormField label="Microphone">
        {(control) => (
          <Select value={choice.audioInputId ?? undefined} onValueChange={(id) => pick({ audioInputId: id })} disabled={microphones.length === 0}>
            <SelectTrigger {...control} data-testid={TID.deviceCheckMicrophone}>
              <SelectValue placeholder="Choose a microphone" />
            </SelectTrigger>
            <SelectContent>
              {microphones.map((d, i) => (
                <SelectItem key={d.deviceId} value={d.deviceId}>
                  {d.label || `Microphone ${i + 1}`}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
      </FormField>
      {canPickSpeaker ? (
        <FormField label="Speaker">
          {(control) => (
            <Select value={choice.audioOutputId ?? undefined} onValueChange={(id) => setChoice((c) => ({ ...c, audioOutputId: id }))}>
              <SelectTrigger {...control} data-testid={TID.deviceCheckSpeaker}>
                <SelectValue placeholder="Default speaker" />
              </SelectTrigger>
              <SelectContent>
                {speakers.map((d, i) => (
                  <SelectItem key={d.deviceId} value={d.deviceId}>
                    {d.label || `Speaker ${i + 1}`}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          )}
        </FormField>
      ) : null}
      {compact ? null : meter}
      {canPickSpeaker || speakers.length === 0 ? <TestSoundButton sinkId={choice.audioOutputId} /> : null}
    </div>
  );

  // Switches, not toggle buttons with changing labels: "Microphone, switch, on" is what a
  // screen reader should say (a pressed-state button read "Join with microphone on, not pressed").
  const switches = (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant={choice.audioEnabled ? "secondary" : "destructive"}
        size="sm"
        role="switch"
        aria-checked={choice.audioEnabled}
        data-testid={TID.deviceCheckToggleMic}
        onClick={() => setChoice((c) => ({ ...c, audioEnabled: !c.audioEnabled }))}
      >
        {choice.audioEnabled ? <MicIcon /> : <MicOffIcon />}
        Microphone
        <span aria-hidden="true" className="text-xs font-normal opacity-80">
          {choice.audioEnabled ? "on" : "off"}
        </span>
      </Button>
      <Button
        variant={choice.videoEnabled ? "secondary" : "destructive"}
        size="sm"
        role="switch"
        aria-checked={choice.videoEnabled}
        data-testid={TID.deviceCheckToggleCamera}
        onClick={() => pick({ videoEnabled: !choice.videoEnabled })}
      >
        {choice.videoEnabled ? <VideoIcon /> : <VideoOffIcon />}
        Camera
        <span aria-hidden="true" className="text-xs font-normal opacity-80">
          {choice.videoEnabled ? "on" : "off"}
        </span>
      </Button>
    </div>
  );

  return (
    <div data-testid={TID.deviceCheck} data-status={status} data-variant={variant} className={cn("flex flex-col", compact ? "gap-3" : "gap-4")}>
      <div className={cn("relative w-full overflow-hidden rounded-lg bg-neutral-900", compact ? "h-36 sm:h-44" : "aspect-video")}>
        {hasVideo && choice.videoEnabled ? (
          <video ref={videoRef} data-testid={TID.deviceCheckPreview} autoPlay playsInline muted className="size-full -scale-x-100 object-cover" />
        ) : (
          <div className="flex size-full items-center justify-center text-white/80" aria-hidden="true">
            {status === "requesting" ? <Spinner label={null} size="lg" /> : <UserRoundIcon className="size-12" />}
          </div>
        )}
        {status === "requesting" ? (
          <p className="absolute inset-x-0 bottom-2 px-2 text-center text-sm text-white" role="status">
            Asking for your camera and microphone… Choose “Allow” if your browser asks.
          </p>
        ) : null}
      </div>
      {help ? (
        <Alert variant="destructive" data-testid={TID.deviceCheckPermissionHelp} data-problem={problem}>
          <AlertTitle>{help.title}</AlertTitle>
          <AlertDescription>
            <ol className="list-decimal space-y-1 pl-5">
              {help.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
            <Button variant="outline" size="sm" className="mt-3" data-testid={TID.deviceCheckRetry} onClick={() => void acquire(choice)}>
              <RefreshCwIcon />
              Try again
            </Button>
          </AlertDescription>
        </Alert>
      ) : null}
      {cameraHelp ? (
        <Alert variant="warning" data-testid={TID.deviceCheckPermissionHelp} data-problem={cameraProblem}>
          <AlertTitle>Your camera did not start — you can still join with sound only</AlertTitle>
          <AlertDescription>
            <p>{cameraHelp.title}.</p>
            <ol className="list-decimal space-y-1 pl-5">
              {cameraHelp.steps.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </AlertDescription>
        </Alert>
      ) : null}

      {status === "ready" ? (
        compact ? (
          <>
            <div className="flex flex-wrap items-end gap-3">
              <div className="min-w-40 flex-1">{meter}</div>
              {switches}
            </div>
            <details className="group rounded-md border px-3 py-2 text-sm" data-testid={TID.deviceCheckSettings}>
              <summary className="cursor-pointer font-medium">Change camera, microphone or speaker</summary>
              <div className="pt-3">{pickers}</div>
            </details>
          </>
        ) : (
          <>
            {pickers}
            {switches}
          </>
        )
      ) : null}

      {children}

      <Button
        size="lg"
        data-testid={continueTestId}
        disabled={status !== "ready" || !hasAudio || continueDisabled}
        loading={continueLoading}
        className={cn(compact ? "w-full" : "w-full sm:w-auto sm:self-end")}
        onClick={() => {
          if (keepWarmOnContinue && streamRef.current) {
            // Handed to the waiting room: unmounting this check must not stop it.
            keepWarm(streamRef.current);
            streamRef.current = null;
          } else if (releaseOnContinue) stopPreview();
          onReady({ ...choice, videoEnabled: choice.videoEnabled && hasVideo });
        }}
      >
        {continueLabel}
      </Button>
    </div>
  );
}

/** Reads the microphone's loudness (RMS, 0..1) about 15 times a second. */
function useMicLevel(stream: MediaStream | null, onLevel: (level: number) => void) {
  const callback = useRef(onLevel);
  callback.current = onLevel;
  useEffect(() => {
    const track = stream?.getAudioTracks()[0];
    if (!stream || !track || typeof AudioContext === "undefined") return;
    const context = new AudioContext();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const data = new Float32Array(analyser.fftSize);
    void context.resume().catch(() => undefined);
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(data);
      let sum = 0;
      for (const v of data) sum += v * v;
      callback.current(Math.sqrt(sum / data.length));
    }, 66);
    return () => {
      clearInterval(timer);
      source.disconnect();
      void context.close();
    };
  }, [stream]);
}

/** Plays a one-second tone on the chosen speaker. */
function TestSoundButton({ sinkId }: { sinkId: string | null }) {
  const [playing, setPlaying] = useState(false);
  const play = async () => {
    setPlaying(true);
    const context = new AudioContext();
    try {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      gain.gain.value = 0.1;
      oscillator.frequency.value = 440;
      const destination = context.createMediaStreamDestination();
      oscillator.connect(gain).connect(destination);
      const audio = new Audio() as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
      audio.srcObject = destination.stream;
      if (sinkId && audio.setSinkId) await audio.setSinkId(sinkId);
      oscillator.start();
      await audio.play();
      await new Promise((r) => setTimeout(r, 1000));
      oscillator.stop();
      audio.pause();
    } catch {
      // No sound device: nothing to play on.
    } finally {
      await context.close();
      setPlaying(false);
    }
  };
  return (
    <Button variant="outline" size="sm" className="self-start" loading={playing} onClick={() => void play()}>
      <Volume2Icon />
      Play a test sound
    </Button>
  );
}
