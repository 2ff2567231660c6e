// What to tell someone whose camera or microphone did not start, in their browser's words.

export type MediaProblem = "denied" | "not_found" | "in_use" | "insecure" | "unsupported" | "unknown";

export type BrowserFamily = "chrome" | "edge" | "firefox" | "safari" | "ios" | "android-chrome" | "samsung" | "other";

export function detectBrowser(userAgent: string): BrowserFamily {
  const ua = userAgent;
  if (/iPhone|iPad|iPod/.test(ua)) return "ios";
  if (/SamsungBrowser/.test(ua)) return "samsung";
  if (/Android/.test(ua) && /Chrome\//.test(ua)) return "android-chrome";
  if (/Edg\//.test(ua)) return "edge";
  if (/Firefox\//.test(ua)) return "firefox";
  if (/Chrome\/|Chromium\//.test(ua)) return "chrome";
  if (/Safari\//.test(ua)) return "safari";
  return "other";
}

/** Maps a getUserMedia failure (a DOMException name) to the problem to explain. */
export function mediaProblemOf(error: unknown): MediaProblem {
  const name = (error as { name?: string } | null)?.name ?? "";
  if (name === "NotAllowedError" || name === "PermissionDeniedError" || name === "SecurityError") return "denied";
  if (name === "NotFoundError" || name === "DevicesNotFoundError" || name === "OverconstrainedError") return "not_found";
  if (name === "NotReadableError" || name === "TrackStartError" || name === "AbortError") return "in_use";
  return "unknown";
}

export interface PermissionHelp {
  title: string;
  steps: string[];
}

const ALLOW_STEPS: Record<BrowserFamily, string[]> = {
  chrome: [
    "Click the camera icon at the right end of the address bar (or the icon left of the web address).",
    "Choose “Always allow” for this site, then “Done”.",
    "Reload this page.",
  ],
  edge: ["Click the lock icon left of the web address, then “Permissions for this site”.", "Set Camera and Microphone to “Allow”.", "Reload this page."],
  firefox: [
    "Click the crossed-out camera or microphone icon left of the web address.",
    "Remove the “Blocked” permission (the × next to it).",
    "Reload this page and choose “Allow” when asked.",
  ],
  safari: ["In the menu bar, choose Safari → Settings for This Website…", "Set Camera and Microphone to “Allow”.", "Reload this page."],
  ios: [
    "Tap “aA” in the address bar, then “Website Settings”.",
    "Set Camera and Microphone to “Allow”.",
    "If they are missing there, open the Settings app → Safari → Camera and Microphone, and choose “Allow”. Then reload this page.",
  ],
  "android-chrome": [
    "Tap the icon left of the web address, then “Permissions”.",
    "Turn on Camera and Microphone.",
    "If Chrome itself is blocked, open Android Settings → Apps → Chrome → Permissions. Then reload this page.",
  ],
  samsung: ["Tap the lock icon in the address bar, then “Permissions”.", "Allow Camera and Microphone, then reload this page."],
  other: [
    "Open your browser’s site settings for this page and allow the camera and microphone.",
    "Reload this page. If it still does not work, try the latest Chrome, Edge, Firefox or Safari.",
  ],
};

export function permissionHelp(problem: MediaProblem, browser: BrowserFamily): PermissionHelp {
  switch (problem) {
    case "denied":
      return { title: "Your browser is blocking the camera or microphone", steps: ALLOW_STEPS[browser] };
    case "not_found":
      return {
        title: "No camera or microphone was found",
        steps: [
          "Check that your camera and microphone (or headset) are plugged in and switched on.",
          "On a laptop, check for a camera switch or cover.",
          "Then choose “Try again”.",
        ],
      };
    case "in_use":
      return {
        title: "Another app is using your camera or microphone",
        steps: [
          "Close other apps or browser tabs that might use them (Zoom, Teams, FaceTime, another call).",
          "Then choose “Try again”. If it still fails, restart your browser.",
        ],
      };
    case "insecure":
      return {
        title: "This page is not on a secure connection",
        steps: ["Browsers only share the camera and microphone with https:// pages. Open the link from your invitation email again."],
      };
    case "unsupported":
      return {
        title: "This browser cannot make video calls",
        steps: ["Please use a recent version of Chrome, Edge, Firefox or Safari."],
      };
    default:
      return {
        title: "The camera or microphone did not start",
        steps: ["Choose “Try again”. If it keeps happening, restart your browser or device."],
      };
  }
}
