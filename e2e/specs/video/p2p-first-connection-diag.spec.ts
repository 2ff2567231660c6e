// On demand only (E2E_P2P_DIAG=1, project p2p): how a first peer-to-peer connection comes up
// under CPU starvation, with a log of every RTCPeerConnection call and event, every
// client-signal frame, fetch and getUserMedia in both pages, printed when the connection took
// longer than DIAG_DUMP_MS (default 6000; 0 prints always). DIAG_THROTTLE=<rate> throttles
// both pages' CPU (CDP Emulation.setCPUThrottlingRate) from the start; DIAG_LATE_THROTTLE=<rate>
// throttles only the patient's page once past the device check (the engine's part alone).
// With DIAG_LATE_THROTTLE=25 the engine before 1576d8c never connected (its watchdog restarted
// both sides every 10 s); see ARCHITECTURE.md, "Peer-to-peer signalling that heals".
import type { BrowserContext, Page } from "@playwright/test";
import { expect, signInViaApi, test } from "../../fixtures";
import { seedVideoSession } from "../../fixtures/video-seed";
import { SessionCallPage } from "../../pages/call-page";
import { SessionRoomPage } from "../../pages/session-room-page";

const DIAG = () => {
  const t0 = performance.now();
  const log: string[] = [];
  (window as unknown as { __diag: string[] }).__diag = log;
  const now = () => (performance.now() - t0).toFixed(0).padStart(6);
  const Orig = window.RTCPeerConnection;
  let n = 0;
  class Wrapped extends Orig {
    constructor(cfg?: RTCConfiguration) {
      super(cfg);
      const id = ++n;
      const L = (s: string) => log.push(`${now()} pc${id} ${s}`);
      L("new");
      for (const ev of [
        "negotiationneeded",
        "signalingstatechange",
        "iceconnectionstatechange",
        "connectionstatechange",
        "icegatheringstatechange",
        "icecandidateerror",
      ]) {
        this.addEventListener(ev, () =>
          L(`${ev} sig=${this.signalingState} ice=${this.iceConnectionState} conn=${this.connectionState} gather=${this.iceGatheringState}`),
        );
      }
      this.addEventListener("icecandidate", (e) => L(`icecandidate ${(e as RTCPeerConnectionIceEvent).candidate?.candidate?.slice(0, 60) ?? "null"}`));
      this.addEventListener("track", (e) => L(`track ${(e as RTCTrackEvent).track.kind}`));
      const wrap = (name: string) => {
        const orig = (this as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!.bind(this);
        (this as unknown as Record<string, unknown>)[name] = (...a: unknown[]) => {
          const arg = a[0] as { type?: string; candidate?: string } | undefined;
          L(`${name}(${arg?.type ?? (arg?.candidate !== undefined ? "cand " + arg.candidate.slice(0, 40) : "")}) sig=${this.signalingState}`);
          const r = orig(...a);
          if (r && typeof (r as Promise<unknown>).then === "function")
            (r as Promise<unknown>).then(
              () => L(`${name} ok sig=${this.signalingState}`),
              (e: unknown) => L(`${name} FAIL ${String(e).slice(0, 120)}`),
            );
          return r;
        };
      };
      for (const m of ["setLocalDescription", "setRemoteDescription", "addIceCandidate", "restartIce", "close"]) wrap(m);
    }
  }
  window.RTCPeerConnection = Wrapped as unknown as typeof RTCPeerConnection;
  const OrigWS = window.WebSocket;
  const summarize = (raw: unknown, dir: string) => {
    try {
      const msg = JSON.parse(String(raw)) as { event?: string; data?: unknown; channel?: string; user_id?: string };
      if (msg.event !== "client-signal" && !String(msg.event).startsWith("pusher_internal") && !String(msg.event).startsWith("pusher:subscri")) return;
      const data = (typeof msg.data === "string" ? JSON.parse(msg.data) : msg.data) as {
        b?: { f: string; t?: string; k: string; p: { description?: { type: string }; instance?: string; to?: string } }[];
        n?: number;
        i?: number;
      };
      const parts = data?.b
        ? data.b.map((e) => `${e.k}${e.p?.description ? ":" + e.p.description.type : ""} ${e.f.slice(-6)}→${e.t ? e.t.slice(-6) : "*"}`).join(", ")
        : data?.n
          ? `chunk ${data.i}/${data.n}`
          : "";
      log.push(`${now()} ws${dir} ${msg.event} ${msg.channel ?? ""} ${parts}`);
    } catch {
      /* not JSON */
    }
  };
  class WS extends OrigWS {
    constructor(url: string | URL, p?: string | string[]) {
      super(url, p);
      this.addEventListener("message", (e) => summarize(e.data, "<"));
      const send = this.send.bind(this);
      this.send = (d) => {
        summarize(d, ">");
        send(d);
      };
    }
  }
  window.WebSocket = WS as unknown as typeof WebSocket;
  const origFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const short = url.replace(/^https?:\/\/[^/]+/, "").slice(0, 90);
    log.push(`${now()} fetch> ${init?.method ?? "GET"} ${short}`);
    try {
      const r = await origFetch(input, init);
      log.push(`${now()} fetch< ${r.status} ${short}`);
      return r;
    } catch (e) {
      log.push(`${now()} fetch! ${short} ${String(e).slice(0, 60)}`);
      throw e;
    }
  };
  document.addEventListener(
    "click",
    (e) => log.push(`${now()} click ${(e.target as Element | null)?.closest("[data-testid]")?.getAttribute("data-testid") ?? "?"}`),
    true,
  );
  const origGUM = navigator.mediaDevices?.getUserMedia?.bind(navigator.mediaDevices);
  if (origGUM)
    navigator.mediaDevices.getUserMedia = async (c) => {
      log.push(`${now()} gUM start`);
      const s = await origGUM(c);
      log.push(`${now()} gUM done`);
      return s;
    };
};

const RATE = Number(process.env.DIAG_THROTTLE ?? 1);

/** A page logging its WebRTC calls and events (DIAG), CPU-throttled by DIAG_THROTTLE when set. */
async function diagPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.addInitScript(DIAG);
  if (RATE > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: RATE });
  }
  return page;
}

/** Prints both pages' logs. */
async function dumpDiag(clinicianPage: Page, patientPage: Page) {
  for (const [name, p] of [
    ["CLINICIAN", clinicianPage],
    ["PATIENT", patientPage],
  ] as const) {
    const lines = await p.evaluate(() => (window as unknown as { __diag: string[] }).__diag);
    console.log(`---- ${name} ----\n${lines.join("\n")}`);
  }
}

test.beforeEach(({ videoProvider }) => {
  test.skip(process.env.E2E_P2P_DIAG !== "1" || videoProvider !== "P2P", "diagnostic: E2E_P2P_DIAG=1 --project=p2p");
});

test("diag: first P2P connection timing", async ({ browser, seed, db }) => {
  test.setTimeout(200_000);
  const clinician = await seed.clinician("Diag Doc");
  const patient = await seed.patient({ clinicianId: clinician.id, given: "Diag", family: "Pat" });
  const session = await seedVideoSession(db, { clinician, patient });
  const [cc, pc] = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const cp = await diagPage(cc);
    const pp = await diagPage(pc);
    await signInViaApi(cp, clinician);
    await signInViaApi(pp, patient);
    const doctor = new SessionCallPage(cp, session.id);
    const maria = new SessionCallPage(pp, session.id);
    await doctor.open();
    await doctor.join();
    await expect(doctor.call.state()).toHaveAttribute("data-state", "waiting", { timeout: 30_000 });
    await maria.open();
    const start = Date.now();
    const late = Number(process.env.DIAG_LATE_THROTTLE ?? 0);
    if (late > 1) {
      await maria.passDeviceCheck();
      const cdp = await pp.context().newCDPSession(pp);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: late });
    } else await maria.join();
    let ok = true;
    try {
      await expect(maria.call.state()).toHaveAttribute("data-state", "connected", { timeout: 60_000 });
      await expect(doctor.call.state()).toHaveAttribute("data-state", "connected", { timeout: 60_000 });
    } catch {
      ok = false;
    }
    const ms = Date.now() - start;
    console.log(`[diag] patient join → both connected: ${ms} ms ok=${ok}`);
    if (ms > Number(process.env.DIAG_DUMP_MS ?? 6000) || !ok) await dumpDiag(cp, pp);
    expect(ok).toBe(true);
  } finally {
    await Promise.all([cc.close(), pc.close()]);
  }
});

test("diag: admission flow first P2P connection", async ({ browser, seed, db }) => {
  test.setTimeout(150_000);
  const clinician = await seed.clinician("Diag Doc");
  const patient = await seed.patient({ clinicianId: clinician.id, given: "Diag", family: "Pat" });
  const session = await seedVideoSession(db, { clinician, patient, status: "SCHEDULED" });
  const [cc, pc] = await Promise.all([browser.newContext(), browser.newContext()]);
  try {
    const cp = await diagPage(cc);
    const pp = await diagPage(pc);
    await signInViaApi(cp, clinician);
    await signInViaApi(pp, patient);
    await pp.goto(`/session/${session.id}`);
    const patRoom = new SessionRoomPage(pp);
    await patRoom.passDeviceCheck();
    await expect(patRoom.waitingRoom()).toBeVisible({ timeout: 30_000 });
    await cp.goto(`/session/${session.id}`);
    const docRoom = new SessionRoomPage(cp);
    await docRoom.passDeviceCheck();
    await expect(cp.getByTestId("admit-button")).toBeVisible({ timeout: 30_000 });
    const start = Date.now();
    await docRoom.admit();
    let ok = true;
    const times: Record<string, number> = {};
    try {
      await Promise.all([
        expect(patRoom.call.state())
          .toHaveAttribute("data-state", "connected", { timeout: 60_000 })
          .then(() => (times.patient = Date.now() - start)),
        expect(docRoom.call.state())
          .toHaveAttribute("data-state", "connected", { timeout: 60_000 })
          .then(() => (times.clinician = Date.now() - start)),
      ]);
    } catch {
      ok = false;
    }
    const ms = Date.now() - start;
    console.log(`[diag] admit → both connected: ${ms} ms ok=${ok} ${JSON.stringify(times)}`);
    if (ms > Number(process.env.DIAG_DUMP_MS ?? 6000) || !ok) await dumpDiag(cp, pp);
    expect(ok).toBe(true);
  } finally {
    await Promise.all([cc.close(), pc.close()]);
  }
});
