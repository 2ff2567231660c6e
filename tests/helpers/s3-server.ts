// A real S3-compatible server for tests: s3rver (npm, a devDependency) on 127.0.0.1, with its
// objects in a directory under .cache/. The app's storage backend talks to it through the
// real AWS SDK over HTTP. s3rver implements HeadObject, ranged GetObject (206 + Content-Range,
// 416 InvalidRange), DeleteObject and the NoSuchKey XML errors like S3, and refuses unknown
// access key ids (403 InvalidAccessKeyId) — but it does not verify SigV4 signatures, so every
// request is recorded here and tests assert what the SDK actually sent.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import S3rver from "s3rver";

export interface SeenS3Request {
  method: string;
  /** The path as sent, without the query (the SDK adds `?x-id=GetObject`), e.g. `/bedside-recordings/recordings/s1/a.mp4`. */
  path: string;
  authorization: string | null;
  range: string | null;
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: Server;
}

const S3rverClass = S3rver as unknown as new (options: Record<string, unknown>) => S3rverInstance;

export class TestS3Server {
  /** s3rver's built-in account; any other access key id is refused with 403. */
  static readonly accessKey = "S3RVER";
  static readonly secret = "S3RVER";
  readonly bucket = "bedside-recordings";
  /** Another bucket on the same server, which the app must never reach. */
  readonly otherBucket = "other-bucket";
  readonly requests: SeenS3Request[] = [];
  private readonly directory = join(process.cwd(), ".cache", `s3rver-${process.pid}-${randomUUID()}`);
  private server: S3rverInstance | null = null;
  private port = 0;

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listen on 127.0.0.1 (a free port the first time, the same port after stop()). */
  async start(): Promise<void> {
    const server = new S3rverClass({
      address: "127.0.0.1",
      port: this.port,
      silent: true,
      directory: this.directory,
      configureBuckets: [{ name: this.bucket }, { name: this.otherBucket }],
    });
    const address = await server.run();
    this.port = address.port;
    server.httpServer?.prependListener("request", (req: IncomingMessage) => {
      this.requests.push({
        method: req.method ?? "",
        path: (req.url ?? "").split("?")[0]!,
        authorization: req.headers.authorization ?? null,
        range: req.headers.range ?? null,
      });
    });
    this.server = server;
  }

  /** Stop listening: connections are refused until start() again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.httpServer?.closeAllConnections();
    await server.close();
  }

  /** Stop and remove the stored objects. */
  async dispose(): Promise<void> {
    await this.stop();
    await rm(this.directory, { recursive: true, force: true });
  }

  /** Seed an object (an anonymous path-style PUT, which s3rver accepts). */
  async put(key: string, body: Buffer | string, bucket = this.bucket): Promise<void> {
    const res = await fetch(`${this.endpoint}/${bucket}/${key}`, { method: "PUT", body: typeof body === "string" ? body : new Uint8Array(body) });
    if (!res.ok) throw new Error(`s3rver PUT ${key}: ${res.status}`);
  }

  async has(key: string, bucket = this.bucket): Promise<boolean> {
    const res = await fetch(`${this.endpoint}/${bucket}/${key}`, { method: "HEAD" });
    return res.status === 200;
  }

  /** Requests recorded from now on. */
  since(): () => SeenS3Request[] {
    const from = this.requests.length;
    return () => this.requests.slice(from);
  }
}

/**
 * Starts a server and configures the app's recording storage for it (the RECORDINGS_S3_*
 * settings). Call it from `vi.hoisted`: env.js reads process.env on first import.
 */
export async function startS3ForRecordings(): Promise<TestS3Server> {
  const server = new TestS3Server();
  await server.start();
  Object.assign(process.env, {
    RECORDINGS_S3_BUCKET: server.bucket,
    RECORDINGS_S3_ENDPOINT: server.endpoint,
    RECORDINGS_S3_REGION: "us-east-1",
    RECORDINGS_S3_ACCESS_KEY: TestS3Server.accessKey,
    RECORDINGS_S3_SECRET: TestS3Server.secret,
    RECORDINGS_S3_FORCE_PATH_STYLE: "true",
  });
  return server;
}
