import { describe, expect, it } from "vitest";
import { detectBrowser, mediaProblemOf, permissionHelp } from "./permission-help";

describe("camera and microphone help", () => {
  it.each([
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "chrome"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "edge"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:133.0) Gecko/20100101 Firefox/133.0", "firefox"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", "safari"],
    ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1", "ios"],
    ["Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "android-chrome"],
  ] as const)("recognises %s as %s", (ua, family) => {
    expect(detectBrowser(ua)).toBe(family);
  });

  it("explains how to unblock the camera in the person's own browser", () => {
    expect(permissionHelp("denied", "firefox").steps.join(" ")).toContain("crossed-out camera");
    expect(permissionHelp("denied", "safari").steps.join(" ")).toContain("Settings for This Website");
    expect(permissionHelp("denied", "ios").steps.join(" ")).toContain("Website Settings");
    expect(permissionHelp("denied", "chrome").title).toMatch(/blocking/);
  });

  it("tells a blocked permission apart from a missing or busy device", () => {
    expect(mediaProblemOf(new DOMException("x", "NotAllowedError"))).toBe("denied");
    expect(mediaProblemOf(new DOMException("x", "NotFoundError"))).toBe("not_found");
    expect(mediaProblemOf(new DOMException("x", "NotReadableError"))).toBe("in_use");
    expect(permissionHelp("in_use", "chrome").steps[0]).toMatch(/Close other apps/);
  });
});
