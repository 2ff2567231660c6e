// The bare baseline for bench/vitals/ingest.ts: node:http + pg + the pusher SDK, no
// framework, no validation, no audit — the same INSERT (with its per-patient sequence number)
// and the same realtime trigger per reading, as cheaply as they can be done.
// Usage: bare-server.ts <config.json>; prints "ready <port>"; stops on SIGTERM.
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { Agent, createServer } from "node:http";
import pg from "pg";
import Pusher from "pusher";
import { patientChannel } from "../../lib/realtime/channels";

const config = JSON.parse(readFileSync(process.argv[2]!, "utf8")) as {
  databaseUrl: string;
  pool: number;
  pusher: { host: string; port: number; appId: string; key: string; secret: string };
  devices: { token: string; patientId: string }[];
};
const pool = new pg.Pool({ connectionString: config.databaseUrl, max: config.pool });
// Connections kept alive between triggers, as Bedside's realtime client does.
const pusher = new Pusher({ ...config.pusher, port: String(config.pusher.port), useTLS: false, agent: new Agent({ keepAlive: true, maxSockets: 50 }) });
const patientOf = new Map(config.devices.map((d) => [d.token, d.patientId]));

interface Reading {
  idempotencyKey: string;
  observedAt: string;
  heartRate?: number;
  systolicBp?: number;
  diastolicBp?: number;
  respiratoryRate?: number;
  spo2?: number;
  temperature?: number;
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    void (async () => {
      const patientId = patientOf.get((req.headers.authorization ?? "").replace(/^Bearer /, ""));
      if (!patientId) return res.writeHead(401).end();
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Reading | { readings: Reading[] };
      const readings = "readings" in body ? body.readings : [body];
      const values: unknown[] = [patientId, readings.length];
      const rows = readings.map((r, i) => {
        const o = values.length;
        values.push(
          `c${randomBytes(12).toString("hex")}`,
          r.idempotencyKey,
          r.observedAt,
          r.heartRate ?? null,
          r.systolicBp ?? null,
          r.diastolicBp ?? null,
          r.respiratoryRate ?? null,
          r.spo2 ?? null,
          r.temperature ?? null,
        );
        return `($${o + 1}, $1, 'DEVICE', $${o + 3}::timestamp, now(), $${o + 2}, (SELECT "vitalsSeq" FROM seq) - $2 + ${i + 1}, $${o + 4}::int, $${o + 5}::int, $${o + 6}::int, $${o + 7}::int, $${o + 8}::int, $${o + 9}::numeric, '{}', 0, 'LOW', false)`;
      });
      const { rows: stored } = await pool.query<{ seq: number; observedAt: Date }>(
        `WITH seq AS (UPDATE "Patient" SET "vitalsSeq" = "vitalsSeq" + $2 WHERE "id" = $1 RETURNING "vitalsSeq")
         INSERT INTO "VitalObservation" ("id", "patientId", "source", "observedAt", "receivedAt", "idempotencyKey", "seq", "heartRate", "systolicBp", "diastolicBp", "respiratoryRate", "spo2", "temperature", "loincCodes", "news2Total", "news2Risk", "news2Complete")
         VALUES ${rows.join(", ")} RETURNING "seq", "observedAt"`,
        values,
      );
      res
        .writeHead(201, { "content-type": "application/json" })
        .end(JSON.stringify({ patientId, readings: stored.map((s) => ({ seq: s.seq, status: "created" })) }));
      await Promise.all(
        stored.map((s) => pusher.trigger(patientChannel(patientId), "vitals.observation", { patientId, seq: s.seq, observedAt: s.observedAt })),
      );
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`ready ${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => {
  server.close();
  void pool.end().then(() => process.exit(0));
});
