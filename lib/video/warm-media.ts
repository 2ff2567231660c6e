// The camera and microphone opened by the device check, kept open across the move from the
// join screen to the waiting room (a client-side navigation keeps this module's state), so
// the waiting room shows the self-view without asking again and the call starts on a camera
// that is already running. Released when the call has connected, or when leaving.

let warm: MediaStream | null = null;

const live = (s: MediaStream | null) => Boolean(s && s.getTracks().some((t) => t.readyState === "live"));

/** Keep `stream` open for the next screen (replacing, and stopping, any earlier one). */
export function keepWarm(stream: MediaStream) {
  if (warm && warm !== stream) warm.getTracks().forEach((t) => t.stop());
  warm = stream;
}

/** The stream kept open, if it is still live. */
export function warmStream(): MediaStream | null {
  return live(warm) ? warm : null;
}

/** Stop the kept stream (the call has its own tracks now, or the person left). */
export function releaseWarm() {
  warm?.getTracks().forEach((t) => t.stop());
  warm = null;
}
