import type { WebSocketRoute } from "@playwright/test";
import { TID } from "../../../lib/test-ids";
import { expect, signInViaApi, test } from "../../fixtures";

test.describe("live connection", () => {
  test("a signed-in patient sees the connection go live, reconnecting then offline when it drops, and live again when it is back", async ({ page, seed }) => {
    // Playwright sits between the page and soketi, so the test can cut the realtime
    // connection (and refuse new ones) without touching the server.
    let reachable = true;
    const open: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/app\//, (ws) => {
      if (!reachable) return void ws.close();
      ws.connectToServer();
      open.push(ws);
    });
    const patient = await seed.patient();
    await signInViaApi(page, patient);
    await page.goto("/patient");

    const indicator = page.getByTestId(TID.connectionIndicator);
    await expect(indicator).toHaveAttribute("data-state", "connected");
    await expect(indicator).toHaveAttribute("role", "status");

    reachable = false;
    for (const ws of open.splice(0)) await ws.close();
    await expect(indicator).toHaveAttribute("data-state", "reconnecting");
    await expect(indicator).toContainText("Reconnecting");
    // pusher-js declares the server unavailable after 10 s of failed attempts.
    await expect(indicator).toHaveAttribute("data-state", "offline", { timeout: 20_000 });
    await expect(indicator).toContainText("Offline");

    reachable = true;
    await expect(indicator).toHaveAttribute("data-state", "connected", { timeout: 20_000 });
    expect(open.length).toBeGreaterThan(0);
  });

  test("staff get the indicator too", async ({ page, seed }) => {
    const clinician = await seed.clinician();
    await signInViaApi(page, clinician);
    await page.goto("/clinician");
    await expect(page.getByTestId(TID.connectionIndicator)).toHaveAttribute("data-state", "connected");
  });
});

test.describe("channel authorization endpoint", () => {
  test("signs a patient's own channel and refuses another patient's, a forged name and a forged socket id with 403, each audited", async ({
    page,
    seed,
    db,
  }) => {
    const patient = await seed.patient();
    const other = await seed.patient();
    await signInViaApi(page, patient);
    const authorize = (socket_id: string, channel_name: string) => page.request.post("/api/pusher/auth", { form: { socket_id, channel_name } });

    const own = await authorize("1234.5678", `private-patient-${patient.patientId}`);
    expect(own.status()).toBe(200);
    expect(await own.json()).toEqual({ auth: expect.stringMatching(/^[^:]+:[0-9a-f]{64}$/) });

    for (const [socket, channel] of [
      ["1234.5678", `private-patient-${other.patientId}`],
      ["1234.5678", `private-patient-${patient.patientId}:private-patient-${other.patientId}`],
      ["1234.5678:private-patient-x", `private-patient-${patient.patientId}`],
    ] as const) {
      const res = await authorize(socket, channel);
      expect(res.status(), `${socket} ${channel}`).toBe(403);
      expect(await res.json()).toMatchObject({ reason: "channel_forbidden" });
    }

    await expect.poll(() => db.auditEvent.count({ where: { actorId: patient.id, action: "realtime.subscribe", outcome: "DENIED" } })).toBe(3);
    expect(await db.auditEvent.count({ where: { actorId: patient.id, action: "realtime.subscribe", outcome: "DENIED", patientId: other.patientId } })).toBe(1);
  });

  test("refuses a visitor who is not signed in", async ({ request, seed }) => {
    const patient = await seed.patient();
    const res = await request.post("/api/pusher/auth", {
      form: { socket_id: "1234.5678", channel_name: `private-patient-${patient.patientId}` },
    });
    expect(res.status()).toBe(403);
  });
});
