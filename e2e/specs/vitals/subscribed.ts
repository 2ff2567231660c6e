import type { Page } from "@playwright/test";

/**
 * Resolves once `page` has subscribed to `channel` on its realtime connection (soketi
 * confirmed it). Call before navigating, so the confirmation is not missed.
 */
export function subscribedTo(page: Page, channel: string, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not subscribed to ${channel} within ${timeoutMs} ms`)), timeoutMs);
    page.on("websocket", (ws) => {
      ws.on("framereceived", ({ payload }) => {
        const text = String(payload);
        if (text.includes("pusher_internal:subscription_succeeded") && text.includes(`"channel":"${channel}"`)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  });
}
