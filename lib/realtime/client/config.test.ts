import { describe, expect, it } from "vitest";
import { pusherOptions } from "./config";

describe("pusherOptions", () => {
  it("points pusher-js at a self-hosted server over plain WebSocket, authorizing through the app", () => {
    const options = pusherOptions({
      provider: "pusher-protocol",
      key: "k",
      wsHost: "127.0.0.1",
      wsPort: 6001,
      forceTLS: false,
      authEndpoint: "/api/pusher/auth",
    });
    expect(options).toMatchObject({
      wsHost: "127.0.0.1",
      wsPort: 6001,
      forceTLS: false,
      enabledTransports: ["ws"],
      channelAuthorization: { endpoint: "/api/pusher/auth", transport: "ajax" },
    });
  });

  it("uses only wss with TLS, and Pusher Channels by cluster", () => {
    expect(pusherOptions({ provider: "pusher-protocol", key: "k", wsHost: "rt.example.org", wsPort: 443, forceTLS: true, authEndpoint: "/a" })).toMatchObject({
      forceTLS: true,
      enabledTransports: ["wss"],
      wssPort: 443,
    });
    const hosted = pusherOptions({ provider: "pusher", key: "k", cluster: "eu", authEndpoint: "/a" });
    expect(hosted).toMatchObject({ cluster: "eu", forceTLS: true, enabledTransports: ["wss"] });
    expect(hosted).not.toHaveProperty("wsHost");
  });
});
