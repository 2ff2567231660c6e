"use client";

import { useRef, useState } from "react";
import { useFormStatus } from "react-dom";
import { DeviceCheck } from "@/components/call/device-check";
import { JOIN_TID } from "@/lib/test-ids";
import { savePreparedDevices } from "@/lib/video/prepared-devices";

export interface JoinCheckInProps {
  token: string;
  /** Where the link leads; null while the clinic has not opened a room (the POST says so). */
  sessionId: string | null;
  recordingEnabled: boolean;
  /** The server action that signs the invitee in and goes to the session room. */
  action: (form: FormData) => Promise<void>;
}

/**
 * The emailed link's one screen: a compact camera/microphone check and Join. Join sends the
 * sign-in form; the choice made here travels to the session room (same tab), which then
 * goes straight to the waiting room instead of asking for the devices again.
 */
export function JoinCheckIn({ token, sessionId, recordingEnabled, action }: JoinCheckInProps) {
  const form = useRef<HTMLFormElement>(null);
  const [consent, setConsent] = useState(false);
  return (
    <form ref={form} action={action}>
      <input type="hidden" name="token" value={token} />
      <CheckIn
        recordingEnabled={recordingEnabled}
        consent={consent}
        onConsent={setConsent}
        onReady={(devices) => {
          if (sessionId) savePreparedDevices({ sessionId, devices, recordingConsent: recordingEnabled && consent });
          form.current?.requestSubmit();
        }}
      />
    </form>
  );
}

function CheckIn({
  recordingEnabled,
  consent,
  onConsent,
  onReady,
}: {
  recordingEnabled: boolean;
  consent: boolean;
  onConsent: (v: boolean) => void;
  onReady: React.ComponentProps<typeof DeviceCheck>["onReady"];
}) {
  // Inside the form: pending while the server signs the invitee in.
  const { pending } = useFormStatus();
  return (
    <DeviceCheck
      variant="compact"
      onReady={onReady}
      continueLabel="Join"
      continueTestId={JOIN_TID.joinSubmit}
      continueLoading={pending}
      releaseOnContinue={false}
      keepWarmOnContinue
      continueDisabled={recordingEnabled && !consent}
    >
      {recordingEnabled ? (
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-0.5 size-4"
            checked={consent}
            onChange={(e) => onConsent(e.target.checked)}
            data-testid={JOIN_TID.joinRecordingConsent}
          />
          <span>I agree that this visit is recorded. The recording is kept with my clinical record and only the clinic can view it.</span>
        </label>
      ) : null}
    </DeviceCheck>
  );
}
