// Error identity across bundles: the production build holds one copy of server/errors.ts per
// server bundle, and a provider cached on globalThis throws errors made by another copy.
// A fresh module instance (vi.resetModules) stands in for that other bundle.
import { describe, expect, it, vi } from "vitest";
import { AppError, fromDatabaseError, isAppError, isDatabaseUnavailable, isWriteConflict, retryAfterOf } from "./errors";

async function otherBundle() {
  vi.resetModules();
  const copy = await import("./errors");
  expect(copy.AppError).not.toBe(AppError);
  return copy;
}

describe("AppError identity", () => {
  it("an AppError made by another copy of the module is still an AppError (a 503 stays a 503, not a 500)", async () => {
    const copy = await otherBundle();
    const foreign = new copy.AppError("SERVICE_UNAVAILABLE", "The video service is not responding.", { reason: "video_provider_unavailable" });
    expect(isAppError(foreign)).toBe(true);
    expect(fromDatabaseError(foreign)).toBe(foreign);
    expect(retryAfterOf(foreign)).toBeGreaterThan(0);
  });

  it("a look-alike without the brand is not an AppError", () => {
    const fake = Object.assign(new Error("x"), { code: "NOT_FOUND", name: "AppError" });
    expect(isAppError(fake)).toBe(false);
    expect(isAppError(null)).toBe(false);
    expect(isAppError("NOT_FOUND")).toBe(false);
  });

  it("a WebhookVerificationError from another copy is recognised (forged webhooks answer 401, not 500)", async () => {
    const mine = await import("./integrations/video/types");
    vi.resetModules();
    const copy = await import("./integrations/video/types");
    expect(copy.WebhookVerificationError).not.toBe(mine.WebhookVerificationError);
    expect(mine.isWebhookVerificationError(new copy.WebhookVerificationError("bad signature"))).toBe(true);
    expect(mine.isWebhookVerificationError(new Error("bad signature"))).toBe(false);
  });
});

describe("database outages and pool exhaustion map to 503 + Retry-After", () => {
  const prismaError = (code: string, meta: Record<string, unknown> = {}) =>
    Object.assign(new Error("prisma"), { code, meta, name: "PrismaClientKnownRequestError" });

  it.each([
    [
      "unreachable (P1001)",
      prismaError("P1001", { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable", host: "127.0.0.1", port: 9 } } }),
    ],
    ["pool exhausted (P2028)", prismaError("P2028")],
    ["connection refused from pg", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["server shutting down (57P01)", prismaError("P2010", { driverAdapterError: { cause: { kind: "postgres", originalCode: "57P01" } } })],
    ["connection terminated", new Error("Connection terminated unexpectedly")],
  ])("%s", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    const mapped = fromDatabaseError(error);
    expect(isAppError(mapped) && mapped.code).toBe("SERVICE_UNAVAILABLE");
    expect(isAppError(mapped) && retryAfterOf(mapped)).toBeGreaterThan(0);
  });

  it.each([
    [
      "a statement PostgreSQL cancelled at its time limit (57014)",
      Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }),
      "transaction_timeout",
    ],
    [
      "a statement the database never answered",
      Object.assign(new Error("The database did not answer within 20 s"), { name: "StatementTimeoutError" }),
      "database_no_answer",
    ],
  ])("%s is a 503 to retry, not a 500", (_name, error, reason) => {
    const mapped = fromDatabaseError(error);
    expect(isAppError(mapped) && mapped.code).toBe("SERVICE_UNAVAILABLE");
    expect(isAppError(mapped) && mapped.reason).toBe(reason);
    expect(isAppError(mapped) && retryAfterOf(mapped)).toBeGreaterThan(0);
  });

  it("a NUL byte refused by PostgreSQL (22021) is a 400, not a 500", () => {
    const mapped = fromDatabaseError(prismaError("P2010", { driverAdapterError: { cause: { kind: "postgres", originalCode: "22021", code: "22021" } } }));
    expect(isAppError(mapped) && mapped.code).toBe("BAD_REQUEST");
  });

  it("an ordinary bug stays unmapped (a 500 with a reference)", () => {
    const bug = new TypeError("x is undefined");
    expect(isDatabaseUnavailable(bug)).toBe(false);
    expect(fromDatabaseError(bug)).toBe(bug);
  });

  it("a unique violation is still a conflict", () => {
    const mapped = fromDatabaseError(prismaError("P2002"));
    expect(isAppError(mapped) && mapped.code).toBe("CONFLICT");
    expect(new AppError("CONFLICT", "x").httpStatus).toBe(409);
  });
});

describe("write conflicts: the transactions worth running again", () => {
  const prismaError = (code: string, meta: Record<string, unknown> = {}) =>
    Object.assign(new Error("prisma"), { code, meta, name: "PrismaClientKnownRequestError" });

  it.each([
    ["a deadlock victim as Prisma reports it (P2034)", prismaError("P2034")],
    ["a deadlock from the driver adapter (40P01)", prismaError("P2010", { driverAdapterError: { cause: { kind: "postgres", originalCode: "40P01" } } })],
    ["a serialization failure from pg (40001)", Object.assign(new Error("could not serialize access"), { code: "40001" })],
  ])("%s", (_name, error) => {
    expect(isWriteConflict(error)).toBe(true);
  });

  it.each([
    ["the no-overlap constraint's refusal (23P01)", prismaError("P2010", { driverAdapterError: { cause: { kind: "postgres", originalCode: "23P01" } } })],
    ["a unique violation (P2002)", prismaError("P2002")],
    ["an outage", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" })],
    ["an AppError", new AppError("CONFLICT", "That already exists.", { reason: "unique_violation" })],
  ])("not %s", (_name, error) => {
    expect(isWriteConflict(error)).toBe(false);
  });
});
