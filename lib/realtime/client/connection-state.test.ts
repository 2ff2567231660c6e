import { describe, expect, it } from "vitest";
import { deriveConnectionState } from "./connection-state";

describe("deriveConnectionState", () => {
  const online = true;

  it("is connected only when pusher-js is connected and the browser is online", () => {
    expect(deriveConnectionState({ pusher: "connected", everConnected: true, online, unreachable: false })).toBe("connected");
    expect(deriveConnectionState({ pusher: "connected", everConnected: true, online: false, unreachable: false })).toBe("offline");
  });

  it("is connecting before the first connection and reconnecting after one was lost", () => {
    for (const pusher of ["initialized", "connecting"]) {
      expect(deriveConnectionState({ pusher, everConnected: false, online, unreachable: false })).toBe("connecting");
      expect(deriveConnectionState({ pusher, everConnected: true, online, unreachable: false })).toBe("reconnecting");
    }
  });

  it("stays offline while pusher-js retries a server it could not reach, until it connects", () => {
    expect(deriveConnectionState({ pusher: "connecting", everConnected: true, online, unreachable: true })).toBe("offline");
    expect(deriveConnectionState({ pusher: "connected", everConnected: true, online, unreachable: true })).toBe("connected");
  });

  it("is offline while the server cannot be reached, WebSockets are missing, or the connection was closed", () => {
    for (const pusher of ["unavailable", "failed", "disconnected"]) {
      expect(deriveConnectionState({ pusher, everConnected: true, online, unreachable: false })).toBe("offline");
    }
  });
});
