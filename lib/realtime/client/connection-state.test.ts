import { describe, expect, it } from "vitest";
import { deriveConnectionState } from "./connection-state";

describe("deriveConnectionState", () => {
  const online = true;

  it("is connected only when pusher-js is connected and the browser is online", () => {
    expect(deriveConnectionState({ pusher: "connected", everConnected: true, online })).toBe("connected");
    expect(deriveConnectionState({ pusher: "connected", everConnected: true, online: false })).toBe("offline");
  });

  it("is connecting before the first connection and reconnecting after one was lost", () => {
    for (const pusher of ["initialized", "connecting"]) {
      expect(deriveConnectionState({ pusher, everConnected: false, online })).toBe("connecting");
      expect(deriveConnectionState({ pusher, everConnected: true, online })).toBe("reconnecting");
    }
  });

  it("is offline while the server cannot be reached, WebSockets are missing, or the connection was closed", () => {
    for (const pusher of ["unavailable", "failed", "disconnected"]) {
      expect(deriveConnectionState({ pusher, everConnected: true, online })).toBe("offline");
    }
  });
});
