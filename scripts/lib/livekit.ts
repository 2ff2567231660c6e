// The real LiveKit server (an SFU written in Go) for development, the end-to-end suite and
// the video benchmark. It is built once from the Go module proxy into .cache/livekit/<version>/
// (no binary is downloaded from anywhere else, no LiveKit source lives in this repository)
// and run with a config file written at start:
//
// - every listener on 127.0.0.1: the HTTP/WebSocket port (`bind_addresses`) and the one UDP
//   media port (a UDP mux that, with the loopback candidate on and an IP filter of
//   127.0.0.1/32, binds 127.0.0.1 only). ICE over TCP stays off: LiveKit binds its TCP mux
//   on every address, which would listen beyond loopback.
// - `rtc.node_ip: 127.0.0.1` and `use_external_ip: false`: the server never asks a STUN
//   server for its address. LiveKit hands browsers Google's STUN servers when none are
//   configured, so the config names one on loopback that nothing answers.
// - webhooks go to the app's /api/webhooks/livekit, signed with the app's own key.
// - rooms are created by the app only (`auto_create: false`), as in deploy/livekit.yaml.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { resolve } from "node:path";

/** The LiveKit server version the tests use; deploy/ pins the same one. */
export const LIVEKIT_VERSION = "v1.13.5";
const MODULE = "github.com/livekit/livekit-server/cmd/server";
const LOOPBACK = "127.0.0.1";
const START_TIMEOUT_MS = 30_000;

export class LiveKitBuildError extends Error {
  constructor(
    message: string,
    /** Exit code a script should end with: 127 when Go is missing, 1 when the build failed. */
    readonly exitCode: number,
  ) {
    super(message);
    this.name = "LiveKitBuildError";
  }
}

export function liveKitBinaryPath(cacheRoot = resolve(".cache/livekit")): string {
  return resolve(cacheRoot, LIVEKIT_VERSION, "livekit-server");
}

/**
 * The pinned server binary, built with `go install` on first use and reused afterwards.
 * `go install` names the binary after its package directory (`server`); it is renamed to
 * `livekit-server` only once the build succeeded, so a half-built binary is never reused.
 */
export async function ensureLiveKitServer(opts: { cacheRoot?: string; log?: (line: string) => void } = {}): Promise<string> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const binary = liveKitBinaryPath(opts.cacheRoot);
  if (existsSync(binary)) return binary;

  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.error || go.status !== 0) {
    throw new LiveKitBuildError(
      `LiveKit: the Go toolchain is needed to build livekit-server ${LIVEKIT_VERSION} once (go 1.26 or newer; \`go\` was not found on PATH). ` +
        "Install Go from your package manager or https://go.dev/dl/, then run this again. Without it, use the built-in peer-to-peer video (no --livekit).",
      127,
    );
  }
  const dir = resolve(binary, "..");
  const staging = resolve(dir, "staging");
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  log(`LiveKit: building livekit-server ${LIVEKIT_VERSION} with ${go.stdout.trim()} (first time only; a few minutes on a cold Go cache)…`);
  const started = Date.now();
  const code = await new Promise<number>((done) => {
    const child = spawn("go", ["install", `${MODULE}@${LIVEKIT_VERSION}`], {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, GOBIN: staging },
    });
    child.on("error", () => done(127));
    child.on("exit", (c) => done(c ?? 1));
  });
  if (code !== 0 || !existsSync(resolve(staging, "server"))) {
    await rm(staging, { recursive: true, force: true });
    throw new LiveKitBuildError(`LiveKit: \`go install ${MODULE}@${LIVEKIT_VERSION}\` failed (exit ${code}); see the output above.`, 1);
  }
  await rename(resolve(staging, "server"), binary);
  await rm(staging, { recursive: true, force: true });
  log(`LiveKit: built ${binary} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return binary;
}

export interface LiveKitServerOptions {
  /** HTTP API and WebSocket signalling port (on 127.0.0.1). */
  port: number;
  /** The UDP port all media goes through (on 127.0.0.1). */
  udpPort: number;
  apiKey: string;
  /** At least 32 characters (LiveKit refuses shorter secrets). */
  apiSecret: string;
  /** Where LiveKit posts its webhooks: the app's /api/webhooks/livekit. */
  webhookUrl: string;
  /** Where the config file and the server's log go. */
  dataDir: string;
  logLevel?: "debug" | "info" | "warn" | "error";
  log?: (line: string) => void;
  cacheRoot?: string;
}

export interface LiveKitServerHandle {
  /** For browsers (`ws://`). */
  wsUrl: string;
  /** For the server SDK (`http://`). */
  httpUrl: string;
  port: number;
  udpPort: number;
  pid: number;
  stop(): Promise<void>;
}

/** The config file's content. JSON is YAML, so no YAML writer is needed. */
export function liveKitConfig(o: Pick<LiveKitServerOptions, "port" | "udpPort" | "apiKey" | "apiSecret" | "webhookUrl" | "logLevel">) {
  return {
    port: o.port,
    bind_addresses: [LOOPBACK],
    prometheus_port: 0,
    log_level: o.logLevel ?? "warn",
    rtc: {
      udp_port: o.udpPort,
      tcp_port: 0,
      node_ip: LOOPBACK,
      use_external_ip: false,
      enable_loopback_candidate: true,
      ips: { includes: [`${LOOPBACK}/32`] },
      // Handed to browsers instead of Google's: nothing listens there, nothing leaves the host.
      stun_servers: [`${LOOPBACK}:${o.udpPort + 1}`],
    },
    turn: { enabled: false },
    keys: { [o.apiKey]: o.apiSecret },
    room: { auto_create: false, max_participants: 4 },
    webhook: { api_key: o.apiKey, urls: [o.webhookUrl] },
  };
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`LiveKit: livekit-server exited with code ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`LiveKit: livekit-server did not answer on ${url} within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
}

/** Builds the server if needed, writes its config and starts it; resolves once it answers. */
export async function startLiveKitServer(opts: LiveKitServerOptions): Promise<LiveKitServerHandle> {
  if (opts.apiSecret.length < 32) throw new RangeError("LiveKit API secrets must be at least 32 characters");
  const log = opts.log ?? ((l: string) => console.log(l));
  const binary = await ensureLiveKitServer({ cacheRoot: opts.cacheRoot, log });
  await mkdir(opts.dataDir, { recursive: true });
  const configFile = resolve(opts.dataDir, "livekit.yaml");
  // Holds the API secret: owner-only.
  await writeFile(configFile, JSON.stringify(liveKitConfig(opts), null, 2), { mode: 0o600 });

  let output = "";
  const child = spawn(binary, ["--config", configFile], { stdio: ["ignore", "pipe", "pipe"] });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-8_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", (chunk: Buffer) => {
    keep(chunk);
    for (const line of chunk.toString("utf8").split("\n")) if (/\b(ERROR|WARN|error|warn)\b/.test(line)) log(`livekit: ${line.trim()}`);
  });
  // Whatever way this process ends (an uncaught error included), the server goes with it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  child.once("exit", () => process.off("exit", killOnExit));
  const httpUrl = `http://${LOOPBACK}:${opts.port}`;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      // LiveKit drains rooms on the first SIGTERM; tests and Ctrl-C do not wait for that.
      const force = setTimeout(() => child.kill("SIGKILL"), 3_000);
      child.once("exit", () => {
        clearTimeout(force);
        done();
      });
      child.kill("SIGTERM");
    }));
  try {
    await waitUntilUp(httpUrl, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  log(`video: LiveKit ${LIVEKIT_VERSION} on ${httpUrl} (media UDP 127.0.0.1:${opts.udpPort}), webhooks to ${opts.webhookUrl}`);
  return { wsUrl: `ws://${LOOPBACK}:${opts.port}`, httpUrl, port: opts.port, udpPort: opts.udpPort, pid: child.pid!, stop };
}
