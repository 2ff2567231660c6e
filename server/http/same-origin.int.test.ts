// CSRF: state-changing, cookie-authenticated route handlers refuse requests another site's
// page sent (its Origin is not ours), one test per family. Server actions: Next checks them.
import { describe, expect, it } from "vitest";
import { NextRequest } from "next/server";
import { crossSiteOrigin } from "./same-origin";

const { POST: trpcPost } = await import("@/app/api/trpc/[trpc]/route");
const { POST: pusherAuth } = await import("@/app/api/pusher/auth/route");

describe("same-origin check", () => {
  it("accepts the app's own origin and requests without Origin; refuses another site and 'null'", () => {
    const h = (origin: string | null, host = "clinic.example") => new Headers({ host, ...(origin ? { origin } : {}) });
    expect(crossSiteOrigin(h("https://clinic.example"), "https://clinic.example")).toBeNull();
    expect(crossSiteOrigin(h(null), "https://clinic.example")).toBeNull();
    expect(crossSiteOrigin(h("http://localhost:3100", "localhost:3100"), "https://clinic.example")).toBeNull();
    expect(crossSiteOrigin(h("https://evil.example"), "https://clinic.example")).toBe("https://evil.example");
    expect(crossSiteOrigin(h("null"), "https://clinic.example")).toBe("null");
  });

  it("tRPC: a mutation posted by another site answers 403 before anything runs", async () => {
    const req = new NextRequest("http://localhost:3000/api/trpc/visits.open", {
      method: "POST",
      headers: { origin: "https://evil.example", host: "localhost:3000", "content-type": "application/json" },
      body: JSON.stringify({ json: { patientId: "cx" } }),
    });
    const res = await trpcPost(req);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: string }).error).toBe("cross_site_request");
  });

  it("realtime: a channel grant asked for by another site answers 403", async () => {
    const res = await pusherAuth(
      new Request("http://localhost:3000/api/pusher/auth", {
        method: "POST",
        headers: { origin: "https://evil.example", host: "localhost:3000", "content-type": "application/x-www-form-urlencoded" },
        body: "socket_id=1.2&channel_name=private-visit-x",
      }),
    );
    expect(res.status).toBe(403);
  });
});
