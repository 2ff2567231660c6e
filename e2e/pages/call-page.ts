import { expect, type Locator, type Page } from "@playwright/test";
import { TID } from "../../lib/test-ids";

const sel = (id: string) => `[data-testid="${id}"]`;

/** What one look at one <video> element saw (see sampleVideo). */
interface VideoSample {
  /** live: new frames with a changing picture; the rest say why not. */
  verdict: "live" | "no-picture" | "no-new-frames" | "unchanging" | "replaced" | "missing";
  /** Frames presented during the look. */
  frames: number;
  /** Largest share of sampled pixels that differed from the first sampled frame (0–1). */
  changed: number;
  width: number;
}

/**
 * Watches ONE <video> element for `windowMs`: counts the frames it presents
 * (requestVideoFrameCallback) and compares small copies of them. A frozen picture presents
 * no new frames; a disabled camera track still sends frames, all black, so the picture must
 * also change (the fake camera draws a moving pattern). An element taken out of the page
 * meanwhile (the call re-rendered its tile) answers "replaced": nothing seen on it counts.
 */
async function sampleVideo(video: Locator, windowMs: number): Promise<VideoSample> {
  const handle = await video.elementHandle({ timeout: 10_000 }).catch(() => null);
  if (!handle) return { verdict: "missing", frames: 0, changed: 0, width: 0 };
  try {
    return await handle.evaluate<VideoSample, number, HTMLVideoElement>(
      (v, windowMs) =>
        new Promise<VideoSample>((resolve) => {
          const size = { w: 64, h: 48 };
          const canvas = document.createElement("canvas");
          canvas.width = size.w;
          canvas.height = size.h;
          const ctx = canvas.getContext("2d", { willReadFrequently: true });
          const grab = () => {
            if (!ctx || v.videoWidth === 0) return null;
            ctx.drawImage(v, 0, 0, size.w, size.h);
            return ctx.getImageData(0, 0, size.w, size.h).data;
          };
          let first: Uint8ClampedArray | null = null;
          let frames = 0;
          let changed = 0;
          let done = false;
          const finish = () => {
            if (done) return;
            done = true;
            const verdict: VideoSample["verdict"] = !v.isConnected
              ? "replaced"
              : v.videoWidth === 0
                ? "no-picture"
                : frames < 2
                  ? "no-new-frames"
                  : changed === 0
                    ? "unchanging"
                    : "live";
            resolve({ verdict, frames, changed, width: v.videoWidth });
          };
          const onFrame = () => {
            if (done) return;
            frames += 1;
            const now = grab();
            if (now && !first) first = now;
            else if (now && first) {
              let differing = 0;
              // A pixel counts as changed when a channel moved by more than codec noise.
              for (let i = 0; i < now.length; i += 4) {
                if (Math.abs(now[i]! - first[i]!) > 24 || Math.abs(now[i + 1]! - first[i + 1]!) > 24 || Math.abs(now[i + 2]! - first[i + 2]!) > 24)
                  differing += 1;
              }
              changed = Math.max(changed, differing / (size.w * size.h));
            }
            if (frames >= 3 && changed > 0) return finish();
            v.requestVideoFrameCallback(onFrame);
          };
          v.requestVideoFrameCallback(onFrame);
          setTimeout(finish, windowMs);
        }),
      windowMs,
    );
  } catch {
    // The element left the page while being looked at (its frame or context went too).
    return { verdict: "replaced", frames: 0, changed: 0, width: 0 };
  } finally {
    await handle.dispose().catch(() => undefined);
  }
}

/** One look of `windowMs` at one <video> element (see sampleVideo): "live", or why not. */
export async function lookAtVideo(video: Locator, windowMs = 1_500): Promise<VideoSample["verdict"]> {
  return (await sampleVideo(video, windowMs)).verdict;
}

/**
 * A live <video>: one element, watched as a whole, presents new frames whose picture changes.
 * The call may replace the element while this looks (a re-render, a reconnect); a look at an
 * element that left the page is thrown away and the current one is watched afresh, so two
 * elements' readings are never compared.
 */
export async function expectLiveVideo(video: Locator, message = "video is live", { timeout = 25_000 }: { timeout?: number } = {}) {
  // Through an SFU the picture arrives after a subscription round trip: allow as long as the connection itself.
  await expect(video, message).toBeVisible({ timeout: 20_000 });
  const deadline = Date.now() + timeout;
  const seen: VideoSample[] = [];
  do {
    const sample = await sampleVideo(video, Math.min(3_000, Math.max(500, deadline - Date.now())));
    if (sample.verdict === "live") return;
    seen.push(sample);
  } while (Date.now() < deadline);
  const last = seen.at(-1)!;
  throw new Error(
    `${message}: not live after ${timeout} ms — ${last.verdict} (last look: ${last.frames} frames, ${(last.changed * 100).toFixed(1)}% of the picture changed, width ${last.width}; looks: ${seen.map((s) => s.verdict).join(", ")})`,
  );
}

/**
 * The call room (components/call/CallRoom) inside `root`: the session page, or one side of
 * the /device-check test call.
 */
export class CallRoomPart {
  /** `confirmsLeave`: Leave asks first (the session room); /device-check's test call leaves at once. */
  constructor(
    readonly root: Locator,
    readonly options: { confirmsLeave?: boolean } = {},
  ) {}

  room() {
    return this.root.getByTestId(TID.callRoom);
  }
  state() {
    return this.root.getByTestId(TID.callConnectionState);
  }
  remoteTile(userId?: string) {
    const tiles = this.root.getByTestId(TID.callRemoteTile);
    return userId ? tiles.and(this.root.locator(`[data-user-id="${userId}"]`)) : tiles.first();
  }
  remoteVideo(userId?: string) {
    return this.remoteTile(userId).getByTestId(TID.callRemoteVideo);
  }
  localTile() {
    return this.root.getByTestId(TID.callLocalTile);
  }
  async expectConnectedTo(userId?: string) {
    await expect(this.state()).toHaveAttribute("data-state", "connected", { timeout: 20_000 });
    await expectLiveVideo(this.remoteVideo(userId), "remote video");
  }
  /**
   * Back in the call after the network came back: connected, with the other side's video live.
   * LiveKit may need more than one round: a resume can fail after a moment connected (its ICE
   * restart began while packets were still lost) and the page shows Reconnecting… again while
   * LiveKit reconnects. Connected with no picture for 25 s fails at once; reconnecting is waited
   * for, up to `timeout` in all.
   */
  async expectBackInCallWith(userId: string, { timeout = 90_000 }: { timeout?: number } = {}) {
    const deadline = Date.now() + timeout;
    const left = (cap: number) => Math.min(cap, Math.max(1_000, deadline - Date.now()));
    for (;;) {
      await expect(this.state()).toHaveAttribute("data-state", "connected", { timeout: left(timeout) });
      try {
        await expectLiveVideo(this.remoteVideo(userId), "remote video", { timeout: left(25_000) });
        return;
      } catch (error) {
        if (Date.now() >= deadline || (await this.state().getAttribute("data-state")) === "connected") throw error;
      }
    }
  }
  async toggleMic() {
    await this.root.getByTestId(TID.callToggleMic).click();
  }
  async toggleCamera() {
    await this.root.getByTestId(TID.callToggleCamera).click();
  }
  async leave() {
    await this.root.getByTestId(TID.callLeave).click();
    if (this.options.confirmsLeave) await this.root.page().getByTestId(TID.callLeaveConfirm).click();
  }
  recordingIndicator() {
    return this.root.getByTestId(TID.callRecording);
  }
}

/**
 * Times "join click → first remote video frame" inside the page: a click listener notes
 * when the join control is pressed, and every remote <video> that appears reports its
 * first presented frame (requestVideoFrameCallback). Install before clicking.
 */
export async function startJoinTimer(page: Page, joinTestId: string, remoteScope = "body") {
  await page.evaluate(
    ({ join, remote }) => {
      const w = window as unknown as { __join?: { clickAt?: number; firstFrameAt?: number } };
      w.__join = {};
      document.addEventListener(
        "click",
        (event) => {
          if ((event.target as Element | null)?.closest(join) && w.__join && w.__join.clickAt === undefined) w.__join.clickAt = performance.now();
        },
        { capture: true },
      );
      const watch = (video: HTMLVideoElement) => {
        if ((video as HTMLVideoElement & { __watched?: boolean }).__watched) return;
        (video as HTMLVideoElement & { __watched?: boolean }).__watched = true;
        video.requestVideoFrameCallback((now) => {
          if (w.__join && w.__join.firstFrameAt === undefined) w.__join.firstFrameAt = now;
        });
      };
      const scan = () => document.querySelectorAll<HTMLVideoElement>(remote).forEach(watch);
      new MutationObserver(scan).observe(document.body, { childList: true, subtree: true });
      scan();
    },
    { join: sel(joinTestId), remote: `${remoteScope} ${sel(TID.callRemoteVideo)}` },
  );
}

/** Milliseconds from the join click to the first remote frame (waits for the frame). */
export async function joinToFirstFrameMs(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const j = (window as unknown as { __join?: { clickAt?: number; firstFrameAt?: number } }).__join;
      return j?.clickAt !== undefined && j.firstFrameAt !== undefined ? j.firstFrameAt - j.clickAt : null;
    },
    undefined,
    { timeout: 30_000 },
  );
  return Math.round((await handle.jsonValue()) as number);
}

/**
 * The session room page, /session/[sessionId] (device check → waiting room → call). The
 * page belongs to the sessions workstream; this object is the one place that knows its
 * steps, so a change to the join flow is a change here.
 */
export class SessionCallPage {
  /** The control whose click counts as "join" for the join → first frame timing. */
  readonly joinTestId = TID.deviceCheckContinue;
  readonly call: CallRoomPart;

  constructor(
    readonly page: Page,
    readonly sessionId: string,
  ) {
    this.call = new CallRoomPart(page.locator("body"), { confirmsLeave: true });
  }

  async open() {
    await this.page.goto(`/session/${this.sessionId}`);
  }

  /** Device check, then into the call. */
  async join() {
    await this.passDeviceCheck();
    await expect(this.call.room()).toBeVisible({ timeout: 20_000 });
  }

  /** Device check and its Continue (what follows is up to the test: the call, or "Continue here?"). */
  async passDeviceCheck() {
    // Visible only: while React streams a page in, a copy of the room can sit in a hidden
    // node until it is revealed (React batches reveals), and it carries the same test ids.
    const check = this.page.getByTestId(TID.deviceCheck).filter({ visible: true });
    // A page with no way in (the visit ended, the join window closed, no such visit) fails
    // here at once, saying what it shows, rather than waiting out the test for a button.
    const noWayIn = this.page
      .getByTestId(TID.sessionCompleted)
      .or(this.page.getByTestId(TID.joinWindowNotice))
      .or(this.page.getByTestId(TID.sessionUnavailable));
    await expect(check.or(noWayIn).first()).toBeVisible({ timeout: 20_000 });
    if (await noWayIn.count()) {
      const says = (await noWayIn.first().innerText()).replace(/\s+/g, " ").trim();
      throw new Error(`SessionCallPage.join: /session/${this.sessionId} has no device check to pass; the page says: "${says}"`);
    }
    await expect(check).toHaveAttribute("data-status", "ready", { timeout: 20_000 });
    await this.page.getByTestId(TID.deviceCheckContinue).filter({ visible: true }).click({ timeout: 20_000 });
  }
}
