import { expect, type Locator, type Page } from "@playwright/test";
import { TID } from "../../lib/test-ids";

const sel = (id: string) => `[data-testid="${id}"]`;

/** A live <video>: it has a picture, and both its time and its decoded frame count move on. */
export async function expectLiveVideo(video: Locator, message = "video is live") {
  // Through an SFU the picture arrives after a subscription round trip: allow as long as the connection itself.
  await expect(video, message).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth), { message: `${message}: has a picture`, timeout: 15_000 }).toBeGreaterThan(0);
  const read = () => video.evaluate((v: HTMLVideoElement) => ({ time: v.currentTime, frames: v.getVideoPlaybackQuality().totalVideoFrames }));
  const before = await read();
  await expect
    .poll(
      async () => {
        const now = await read();
        return now.time > before.time && now.frames > before.frames;
      },
      { message: `${message}: time and frames advance`, timeout: 10_000 },
    )
    .toBe(true);
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
