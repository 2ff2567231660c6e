"use client";

// "Test a call": a real peer-to-peer call between two connections inside this page, with
// the same call room as a consultation. It shows that this browser can send and receive
// video over WebRTC (and, with TURN configured, that the relay is reachable), and what the
// connection looks like, before a real visit.

import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { TID } from "@/lib/test-ids";
import type { IceServer, P2PConnection, SelectedDevices } from "@/lib/video/connection";
import { createLocalSignalingHub } from "@/lib/video/signaling";
import type { CallStats, ConnectionSample } from "@/lib/video/stats";
import { CallRoom } from "./call-room";

function connection(side: "you" | "echo", iceServers: IceServer[]): P2PConnection {
  const id = Math.random().toString(36).slice(2, 10);
  return {
    provider: "P2P",
    roomName: "connection-test",
    signalChannel: "in-page",
    iceServers,
    peerId: `${side}.${id}`,
    identity: side === "you" ? "connection-test-you" : "connection-test-echo",
    displayName: side === "you" ? "You" : "Test connection",
    role: "PATIENT",
  };
}

export function ConnectionTest({ iceServers, devices }: { iceServers: IceServer[]; devices: SelectedDevices }) {
  const hub = useMemo(() => createLocalSignalingHub(), []);
  const [you, setYou] = useState<P2PConnection | null>(null);
  const [echo, setEcho] = useState<P2PConnection | null>(null);
  const [latest, setLatest] = useState<ConnectionSample | null>(null);
  const youSignaling = useMemo(() => (you ? hub.join(you.peerId) : null), [hub, you]);
  const echoSignaling = useMemo(() => (echo ? hub.join(echo.peerId) : null), [hub, echo]);
  const running = you !== null || echo !== null;

  const start = () => {
    setYou(connection("you", iceServers));
    setEcho(connection("echo", iceServers));
  };
  const stop = () => {
    youSignaling?.close();
    echoSignaling?.close();
    setYou(null);
    setEcho(null);
    setLatest(null);
  };
  const onStats = (stats: CallStats) => setLatest(stats.samples.at(-1) ?? null);

  return (
    <section data-testid={TID.connectionTest} aria-labelledby="connection-test-title" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 id="connection-test-title" className="text-lg font-semibold">
            Test a call
          </h2>
          <p className="text-sm text-muted-foreground">
            Two connections in this browser call each other, exactly as in a visit. If both show video, calls work here.
          </p>
        </div>
        {running ? (
          <Button variant="outline" onClick={stop}>
            End test
          </Button>
        ) : (
          <Button data-testid={TID.connectionTestStart} onClick={start}>
            Start test call
          </Button>
        )}
      </div>
      {running ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <Side
            title="You"
            connection={you}
            signaling={youSignaling}
            devices={devices}
            onStats={onStats}
            onLeave={() => {
              youSignaling?.close();
              setYou(null);
            }}
            onRejoin={() => setYou(connection("you", iceServers))}
          />
          <Side
            title="Test connection"
            connection={echo}
            signaling={echoSignaling}
            devices={devices}
            onLeave={() => {
              echoSignaling?.close();
              setEcho(null);
            }}
            onRejoin={() => setEcho(connection("echo", iceServers))}
          />
        </div>
      ) : null}
      {latest ? (
        <dl data-testid={TID.connectionTestStats} className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm sm:grid-cols-4">
          <Stat label="Round trip" value={latest.rttMs === null ? "—" : `${latest.rttMs} ms`} />
          <Stat label="Receiving" value={latest.inboundKbps === null ? "—" : `${latest.inboundKbps} kbit/s`} />
          <Stat label="Video" value={latest.frameWidth ? `${latest.frameWidth}×${latest.frameHeight} at ${latest.framesPerSecond ?? "?"} fps` : "—"} />
          <Stat label="Route" value={latest.candidateType === "relay" ? "Through a relay (TURN)" : latest.candidateType ? "Direct" : "—"} />
        </dl>
      ) : null}
    </section>
  );
}

function Side(props: {
  title: string;
  connection: P2PConnection | null;
  signaling: ReturnType<ReturnType<typeof createLocalSignalingHub>["join"]> | null;
  devices: SelectedDevices;
  onStats?: (stats: CallStats) => void;
  onLeave: () => void;
  onRejoin: () => void;
}) {
  return (
    <div className="flex flex-col gap-2 rounded-lg border p-3" data-side={props.title}>
      <h3 className="text-sm font-semibold">{props.title}</h3>
      {props.connection && props.signaling ? (
        <CallRoom
          key={props.connection.peerId}
          connection={props.connection}
          signaling={props.signaling}
          devices={props.devices}
          onLeave={props.onLeave}
          onStats={props.onStats}
          // Both sides are this computer: playing their sound would echo.
          remoteAudio={false}
          waitingMessage="Waiting for the other test connection…"
        />
      ) : (
        <div className="flex flex-col items-start gap-2 text-sm text-muted-foreground">
          <p>This side left the call.</p>
          <Button size="sm" onClick={props.onRejoin}>
            Rejoin
          </Button>
        </div>
      )}
    </div>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="font-medium tabular-nums">{value}</dd>
    </div>
  );
}
