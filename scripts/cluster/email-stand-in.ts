// Resend's API (POST /emails), standing in on the cluster's client host: email delivery is a
// hosted-only service. Like Resend it honours Idempotency-Key (a repeat delivers nothing
// new). Every request is appended to EMAIL_FILE as one JSON line, so the specs can count
// what each instance sent: { key, to, subject, delivered }.
import { randomUUID } from "node:crypto";
import { appendFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";

const file = process.env.EMAIL_FILE!;
writeFileSync(file, "");
const byKey = new Map<string, string>();

// Node ignores a handler's promise: a throw here would kill the process; answer 500 instead.
createServer(
  (req, res) =>
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.method !== "POST" || req.url !== "/emails") return reply(404, { name: "not_found", statusCode: 404, message: "Not found" });
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { to: string | string[]; subject: string };
      const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
      let id = key ? byKey.get(key) : undefined;
      const delivered = !id;
      if (!id) {
        id = randomUUID();
        if (key) byKey.set(key, id);
      }
      appendFileSync(file, JSON.stringify({ key, to: body.to, subject: body.subject, delivered, at: Date.now() }) + "\n");
      reply(200, { id });
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: String(error) }));
    }),
).listen(Number(process.env.EMAIL_PORT), process.env.EMAIL_HOST, () => console.log("email stand-in listening"));
