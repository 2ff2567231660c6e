// Realtime across the soketi cluster: two nodes joined by Redis (adapter, rate limiter,
// cache). What a person notices: a reading posted to one app instance shows on a
// clinician's screen connected to the other node; the waiting room's presence is the same
// whichever node you ask; peer-to-peer signalling (client events) crosses nodes.
import PusherServer from "pusher";
import { expect, test, type Page } from "@playwright/test";
import { APP_URL, HOSTS, PUSHER, SOKETI_PORT } from "../topology";
import {
  appOrigin,
  clinicianWithPatient,
  database,
  percentile,
  pinnedBrowser,
  postReading,
  reading,
  recordSockets,
  signIn,
  socketLog,
  subscribedTo,
  NORMAL,
  type SocketLog,
} from "./fixtures";
import { connected, realtimeClient, sessionCookie, subscribed } from "./realtime-client";

test("a vital posted to instance A is on the screen of a clinician connected through instance B and soketi B within 1 s (and as fast as on A's own node)", async () => {
  const { clinician, patient, deviceToken } = await clinicianWithPatient();
  // Warm both instances' device route (a production server loads a route on first use).
  for (const host of ["app-a", "app-b"] as const) expect((await postReading(appOrigin(host), deviceToken, reading())).status).toBe(201);
  const [browserA, browserB] = await Promise.all([pinnedBrowser("a"), pinnedBrowser("b")]);
  try {
    // The same clinician's screen twice: through instance A and soketi A (same node as the
    // publisher), and through instance B and soketi B (across the cluster).
    const pages: Page[] = [];
    for (const browser of [browserA, browserB]) {
      const page = await (await browser.newContext()).newPage();
      // When each realtime frame reaches the page (before React draws it).
      await recordSockets(page);
      await signIn(page, clinician.email);
      const live = subscribedTo(page, `private-patient-${patient.id}`);
      await page.goto(`${APP_URL}/clinician/patients/${patient.id}/vitals`);
      await live.catch(async (error: Error) => {
        const log = await socketLog(page);
        throw new Error(
          `${error.message}; sockets (now ${Date.now()}): ${JSON.stringify({ created: log.created, opens: log.opens, closes: log.closes, frames: log.frames.map((f) => `${f.at} ${f.text.slice(0, 120)}`) })}`,
        );
      });
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
      pages.push(page);
    }
    // The frame carrying this reading: a vitals.observation event whose payload has its seq.
    const receivedAt = (page: Page, seq: string) =>
      page.evaluate(
        (seq) =>
          (window as unknown as { socketLog: SocketLog }).socketLog.frames.find((f) => {
            try {
              const frame = JSON.parse(f.text) as { event?: string; data?: unknown };
              if (frame.event !== "vitals.observation") return false;
              const data = typeof frame.data === "string" ? (JSON.parse(frame.data) as unknown) : frame.data;
              return new RegExp(`"seq":${seq}[,}]`).test(JSON.stringify(data));
            } catch {
              return false;
            }
          })?.at,
        seq,
      );
    const received = { same: [] as number[], across: [] as number[] };
    const shownAt = (page: Page, seq: string) => page.evaluate((s) => (window as unknown as { shown: Record<string, number> }).shown[s], seq);
    const across: number[] = [];
    const same: number[] = [];
    const answered: number[] = [];
    const N = 20;
    for (let i = 0; i < N; i++) {
      const postedAt = Date.now();
      const res = await postReading(appOrigin("app-a"), deviceToken, reading({ ...NORMAL, heartRate: 70 + i }));
      answered.push(Date.now() - postedAt);
      expect(res.status).toBe(201);
      const seq = String(res.json!.readings![0]!.seq);
      for (const [page, into, label] of [
        [pages[0]!, same, "via A"],
        [pages[1]!, across, "via B"],
      ] as const) {
        const state = async () =>
          `${label}, reading ${i} seq ${seq}: chart last-seq ${await page.locator('[data-vital="heartRate"][data-last-seq]').first().getAttribute("data-last-seq")}, seen ${JSON.stringify(await page.evaluate(() => (window as unknown as { shown: unknown }).shown))}, frames ${JSON.stringify((await socketLog(page)).frames.slice(-6).map((f) => `${f.at} ${f.text.slice(0, 160)}`))}`;
        await expect
          .poll(() => shownAt(page, seq), { timeout: 10_000, intervals: [20], message: "reading on screen" })
          .toBeTruthy()
          .catch(async (e: Error) => {
            throw new Error(`${await state()}: ${e.message}`);
          });
        into.push((await shownAt(page, seq))! - postedAt);
        const frameAt = await receivedAt(page, seq);
        expect(frameAt, `${label}: the realtime event for reading ${i} reached the page`).toBeTruthy();
        (label === "via A" ? received.same : received.across).push(frameAt! - postedAt);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const fmt = (v: number[]) => `median ${percentile(v, 50)} ms, p99 ${percentile(v, 99)} ms, max ${Math.max(...v)} ms`;
    // What the second node adds: for each reading, when its event reached the screen on
    // soketi B minus when the same event reached the screen on soketi A (one clock).
    const hop = received.across.map((t, i) => t - received.same[i]!);
    const summary =
      `${N}/${N} readings posted to app-a reached both screens (app-a publishes to soketi A; stored and answered: ${fmt(answered)}). ` +
      `Post → event in the browser: via soketi B (across nodes) ${fmt(received.across)}; via soketi A (same node) ${fmt(received.same)}; ` +
      `added by the hop to B, per reading: ${fmt(hop)}. ` +
      `Post → drawn on the chart: across ${fmt(across)}; same node ${fmt(same)}`;
    console.log(`cluster: ${summary}`);
    test.info().annotations.push({ type: "vitals across nodes", description: summary });
    // A reading is on the other node's screen within 1 s of being posted. The bound is on the
    // median: the time includes storing the reading and the page's own event loop, which on a
    // 2-core machine running both instances, both Chromiums and every engine reached 1.5 s at
    // p99 on the same node as well (a fresh-clone run at load 9). What the second node adds
    // is bounded on the same readings; the tails are reported above.
    expect(percentile(received.across, 50), summary).toBeLessThanOrEqual(1_000);
    expect(percentile(hop, 50), summary).toBeLessThanOrEqual(200);
  } finally {
    await Promise.all([browserA.close(), browserB.close()]);
  }
});

test("events published on one soketi node reach subscribers on the other: all delivered, p99 across nodes vs on the same node", async () => {
  const publisher = new PusherServer({
    appId: PUSHER.appId,
    key: PUSHER.key,
    secret: PUSHER.secret,
    host: HOSTS["sk-a"],
    port: String(SOKETI_PORT),
    useTLS: false,
  });
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
  const [patientCookie, clinicianCookie] = await Promise.all([
    sessionCookie(appOrigin("app-a"), patientUser.email),
    sessionCookie(appOrigin("app-b"), clinician.email),
  ]);
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
