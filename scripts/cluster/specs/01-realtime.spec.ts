// Realtime across the soketi cluster: two nodes joined by Redis (adapter, rate limiter,
// cache). What a person notices: a reading posted to one app instance shows on a
// clinician's screen connected to the other node; the waiting room's presence is the same
// whichever node you ask; peer-to-peer signalling (client events) crosses nodes.
import PusherServer from "pusher";
import { expect, test } from "@playwright/test";
import { APP_URL, HOSTS, PUSHER, SOKETI_PORT } from "../topology";
import { appOrigin, clinicianWithPatient, database, percentile, pinnedBrowser, postReading, reading, signIn, subscribedTo, NORMAL } from "./fixtures";
import { connected, realtimeClient, sessionCookie, subscribed } from "./realtime-client";

test("a vital posted to instance A is on the screen of a clinician connected through instance B and soketi B within 1 s", async () => {
  const { clinician, patient, deviceToken } = await clinicianWithPatient();
  const browser = await pinnedBrowser("b");
  try {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, clinician.email);
    const live = subscribedTo(page, `private-patient-${patient.id}`);
    await page.goto(`${APP_URL}/clinician/patients/${patient.id}/vitals`);
    await live;
    // Each time the heart-rate chart's last sequence changes, the page notes when.
    await page.evaluate(() => {
      const w = window as unknown as { shown: Record<string, number> };
      w.shown = {};
      const chart = () => document.querySelector('[data-testid][data-vital="heartRate"][data-last-seq]');
      new MutationObserver(() => {
        const seq = chart()?.getAttribute("data-last-seq");
        if (seq && !(seq in w.shown)) w.shown[seq] = Date.now();
      }).observe(document.body, { attributes: true, subtree: true, childList: true });
    });
    const latencies: number[] = [];
    for (let i = 0; i < 15; i++) {
      const postedAt = Date.now();
      const res = await postReading(appOrigin("app-a"), deviceToken, reading({ ...NORMAL, heartRate: 70 + i }));
      expect(res.status).toBe(201);
      const seq = String(res.json!.readings![0]!.seq);
      await expect.poll(() => page.evaluate((s) => (window as unknown as { shown: Record<string, number> }).shown[s], seq), { timeout: 5_000 }).toBeTruthy();
      const shownAt = await page.evaluate((s) => (window as unknown as { shown: Record<string, number> }).shown[s]!, seq);
      latencies.push(shownAt - postedAt);
      await new Promise((r) => setTimeout(r, 150));
    }
    const summary = `15 readings posted to app-a (publishing to soketi A), shown via soketi B: median ${percentile(latencies, 50)} ms, max ${Math.max(...latencies)} ms`;
    console.log(`cluster: ${summary}`);
    test.info().annotations.push({ type: "vitals across nodes", description: summary });
    expect(Math.max(...latencies), summary).toBeLessThanOrEqual(1_000);
  } finally {
    await browser.close();
  }
});

test("events published on one soketi node reach subscribers on the other: all delivered, p99 across nodes vs on the same node", async () => {
  const publisher = new PusherServer({ appId: PUSHER.appId, key: PUSHER.key, secret: PUSHER.secret, host: HOSTS["sk-a"], port: String(SOKETI_PORT), useTLS: false });
  const onA = realtimeClient("sk-a", appOrigin("app-a"), "");
  const onB = realtimeClient("sk-b", appOrigin("app-b"), "");
  try {
    await Promise.all([connected(onA), connected(onB)]);
    const channel = `cluster-probe-${Date.now()}`;
    const [chA, chB] = await Promise.all([subscribed(onA, channel), subscribed(onB, channel)]);
    const got = { a: new Map<number, number>(), b: new Map<number, number>() };
    chA.bind("probe", (d: { i: number }) => got.a.set(d.i, Date.now()));
    chB.bind("probe", (d: { i: number }) => got.b.set(d.i, Date.now()));
    const sentAt = new Map<number, number>();
    const N = 400;
    for (let i = 0; i < N; i++) {
      sentAt.set(i, Date.now());
      await publisher.trigger(channel, "probe", { i });
    }
    await expect.poll(() => got.a.size + got.b.size, { timeout: 10_000 }).toBe(2 * N);
    const lat = (m: Map<number, number>) => [...m].map(([i, t]) => t - sentAt.get(i)!);
    const same = lat(got.a);
    const across = lat(got.b);
    const summary = `${N} events triggered on soketi A: ${got.a.size}/${N} on A (same node) p50 ${percentile(same, 50)} ms p99 ${percentile(same, 99)} ms; ${got.b.size}/${N} on B (across Redis) p50 ${percentile(across, 50)} ms p99 ${percentile(across, 99)} ms`;
    console.log(`cluster: ${summary}`);
    test.info().annotations.push({ type: "soketi across nodes", description: summary });
    expect(percentile(across, 99)).toBeLessThan(1_000);
  } finally {
    onA.disconnect();
    onB.disconnect();
  }
});

test("the waiting room's presence is the same on both nodes, and a client event for P2P signalling crosses nodes", async () => {
  const { clinician, patientUser, patient, visit } = await clinicianWithPatient();
  const session = await database().telemedicineSession.create({
    data: { visitId: visit.id, roomName: `room-cluster-${Date.now()}`, provider: "P2P", status: "SCHEDULED", createdById: clinician.id },
  });
  const [patientCookie, clinicianCookie] = await Promise.all([sessionCookie(appOrigin("app-a"), patientUser.email), sessionCookie(appOrigin("app-b"), clinician.email)]);
  const patientClient = realtimeClient("sk-a", appOrigin("app-a"), patientCookie);
  const clinicianClient = realtimeClient("sk-b", appOrigin("app-b"), clinicianCookie);
  try {
    const presence = `presence-session-${session.id}`;
    const p = await subscribed(patientClient, presence);
    const c = await subscribed(clinicianClient, presence);
    const ids = (ch: typeof p) => Object.keys((ch as unknown as { members: { members: Record<string, unknown> } }).members.members).sort();
    await expect.poll(() => ids(p)).toEqual([clinician.id, patientUser.id].sort());
    await expect.poll(() => ids(c)).toEqual([clinician.id, patientUser.id].sort());
    void patient;

    // The patient leaves the waiting room: the clinician on the other node sees it.
    const left = new Promise<string>((resolve) => c.bind("pusher:member_removed", (m: { id: string }) => resolve(m.id)));
    patientClient.unsubscribe(presence);
    expect(await left).toBe(patientUser.id);

    // Signalling: an offer sent as a client event by the clinician (node B) reaches the patient (node A).
    const signal = `presence-signal-${session.id}`;
    const ps = await subscribed(patientClient, signal);
    const cs = await subscribed(clinicianClient, signal);
    const offer = new Promise<{ sdp: string }>((resolve) => ps.bind("client-signal", (d: { sdp: string }) => resolve(d)));
    const t = Date.now();
    cs.trigger("client-signal", { sdp: "v=0 cluster-offer" });
    expect((await offer).sdp).toBe("v=0 cluster-offer");
    const summary = `presence: both members listed on both nodes, removal seen across nodes; client event B→A in ${Date.now() - t} ms`;
    console.log(`cluster: ${summary}`);
    test.info().annotations.push({ type: "presence + client events", description: summary });
  } finally {
    patientClient.disconnect();
    clinicianClient.disconnect();
  }
});
