// The S3 recordings backend through the real AWS SDK against a real S3-compatible server on
// 127.0.0.1: s3rver from npm (tests/helpers/s3-server.ts), not AWS. s3rver does not check
// SigV4 signatures, so the tests assert the request shape the SDK sent (signed Authorization
// header, path-style /bucket/key, Range) from the server's request log.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { TestS3Server } from "@/tests/helpers/s3-server";
import { createS3Recordings, s3ObjectKey } from "./s3-recordings";

const BYTES = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 256));
const KEY = "recordings/sess-1/2026-03-01T101500.mp4";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  return Buffer.concat(chunks);
}

describe("s3ObjectKey", () => {
  it("keeps the keys Egress writes", () => {
    expect(s3ObjectKey(KEY)).toBe(KEY);
    expect(s3ObjectKey("recordings/a b/ü.mp4")).toBe("recordings/a b/ü.mp4");
  });

  it.each([
    ["empty", ""],
    ["parent segment", "../other-bucket/secret.mp4"],
    ["parent segment inside", "recordings/../../other-bucket/secret.mp4"],
    ["dot segment", "recordings/./a.mp4"],
    ["empty segment", "recordings//a.mp4"],
    ["absolute", "/other-bucket/secret.mp4"],
    ["s3 URL", "s3://other-bucket/secret.mp4"],
    ["http URL", "https://storage.example/other-bucket/secret.mp4"],
    ["backslashes", "recordings\\..\\secret.mp4"],
    ["control character", "recordings/a\u0000.mp4"],
    ["longer than S3 allows", "a".repeat(1025)],
  ])("refuses a key: %s", (_why, key) => {
    expect(s3ObjectKey(key)).toBeNull();
  });
});

describe("S3 recordings backend (real SDK, s3rver on 127.0.0.1)", () => {
  const s3 = new TestS3Server();
  let files: ReturnType<typeof createS3Recordings>;
  const configFor = (accessKey = TestS3Server.accessKey) => ({
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    region: "eu-central-1",
    accessKey,
    secret: TestS3Server.secret,
    forcePathStyle: true,
  });

  beforeAll(async () => {
    await s3.start();
    await s3.put(KEY, BYTES);
    await s3.put("secret.mp4", "not yours", s3.otherBucket);
    files = createS3Recordings(configFor());
  });
  afterAll(async () => {
    await s3.dispose();
  });

  it("reports the object's size with a signed, path-style HeadObject", async () => {
    const seen = s3.since();
    expect(await files.size(KEY)).toBe(1000);
    const [head] = seen();
    expect(head).toMatchObject({ method: "HEAD", path: `/${s3.bucket}/${KEY}` });
    expect(head!.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=S3RVER\/\d{8}\/eu-central-1\/s3\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
    );
  });

  it("reads the whole file through a ranged GetObject", async () => {
    const seen = s3.since();
    const body = await files.read(KEY, 0, 999);
    expect(body).toBeInstanceOf(ReadableStream);
    expect((await readAll(body)).equals(BYTES)).toBe(true);
    const [get] = seen();
    expect(get).toMatchObject({ method: "GET", path: `/${s3.bucket}/${KEY}`, range: "bytes=0-999" });
    expect(get!.authorization).toMatch(/SignedHeaders=[^,]*range/);
  });

  it("reads a byte range", async () => {
    const seen = s3.since();
    expect((await readAll(await files.read(KEY, 100, 199))).equals(BYTES.subarray(100, 200))).toBe(true);
    expect((await readAll(await files.read(KEY, 999, 999))).equals(BYTES.subarray(999))).toBe(true);
    expect(seen().map((r) => r.range)).toEqual(["bytes=100-199", "bytes=999-999"]);
  });

  it("streams a large file in chunks instead of buffering it", async () => {
    const big = Buffer.alloc(4 * 1024 * 1024, 7);
    await s3.put("recordings/sess-1/big.mp4", big);
    const reader = (await files.read("recordings/sess-1/big.mp4", 0, big.length - 1)).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    expect(first.value!.byteLength).toBeLessThan(big.length);
    await reader.cancel();
  });

  it("answers null for a missing object, and NOT_FOUND when reading one", async () => {
    const seen = s3.since();
    expect(await files.size("recordings/sess-1/gone.mp4")).toBeNull();
    expect(seen()).toHaveLength(1);
    await expect(files.read("recordings/sess-1/gone.mp4", 0, 9)).rejects.toMatchObject({ code: "NOT_FOUND", reason: "file_missing" });
  });

  it("deletes an object; deleting it again succeeds", async () => {
    const key = "recordings/sess-2/2026-03-02T090000.mp4";
    await s3.put(key, "bytes");
    const seen = s3.since();
    await files.remove(key);
    expect(await s3.has(key)).toBe(false);
    await files.remove(key);
    expect(
      seen()
        .filter((r) => r.method === "DELETE")
        .map((r) => r.path),
    ).toEqual([`/${s3.bucket}/${key}`, `/${s3.bucket}/${key}`]);
  });

  it("never sends a key that could leave the bucket", async () => {
    const seen = s3.since();
    for (const key of [
      "../other-bucket/secret.mp4",
      "/other-bucket/secret.mp4",
      `${s3.endpoint}/other-bucket/secret.mp4`,
      "recordings/../../other-bucket/secret.mp4",
    ]) {
      expect(await files.size(key)).toBeNull();
      await expect(files.read(key, 0, 1)).rejects.toThrow(/outside/);
      await files.remove(key);
    }
    expect(seen()).toEqual([]);
    expect(await s3.has("secret.mp4", s3.otherBucket)).toBe(true);
  });

  it("turns refused credentials into a clear SERVICE_UNAVAILABLE error", async () => {
    const stranger = createS3Recordings(configFor("NOT-A-KEY"));
    const error = await stranger.size(KEY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "SERVICE_UNAVAILABLE", reason: "storage_refused", httpStatus: 503 });
    expect((error as AppError).message).toMatch(/refused.*Check the storage settings/);
    await expect(stranger.remove(KEY)).rejects.toMatchObject({ reason: "storage_refused" });
    expect(await s3.has(KEY)).toBe(true);
  });

  it("turns storage being down into a clear SERVICE_UNAVAILABLE error, and works again once it is back", async () => {
    await s3.stop();
    try {
      for (const attempt of [() => files.size(KEY), () => files.read(KEY, 0, 9), () => files.remove(KEY)]) {
        const error = await attempt().then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({ code: "SERVICE_UNAVAILABLE", reason: "storage_unreachable" });
        expect((error as AppError).message).toBe("Recording storage is not reachable. Try again in a minute; if it persists, check the storage settings.");
      }
    } finally {
      await s3.start();
    }
    expect(await files.size(KEY)).toBe(1000);
  });
});

describe("S3 recordings backend against a store that ignores Range", () => {
  // A stand-in for a misbehaving S3-compatible store: it answers every GET with the whole
  // object and 200. Serving that as a 206 for a smaller range would corrupt playback.
  let server: Server;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "video/mp4", "Content-Length": String(BYTES.length) });
      res.end(BYTES);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("refuses the answer instead of streaming the wrong bytes", async () => {
    const port = (server.address() as AddressInfo).port;
    const files = createS3Recordings({
      bucket: "b-range",
      endpoint: `http://127.0.0.1:${port}`,
      region: "us-east-1",
      accessKey: "k",
      secret: "s",
      forcePathStyle: true,
    });
    await expect(files.read(KEY, 100, 199)).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE", reason: "storage_range_ignored" });
    // A whole-file read with 200 is the same bytes, so it is accepted.
    expect((await readAll(await files.read(KEY, 0, 999))).equals(BYTES)).toBe(true);
  });
});
