import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { errorForLog } from "./logger";

describe("errorForLog", () => {
  it("keeps the cause of an AppError (why storage failed), by the same rules", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9000"), { code: "ECONNREFUSED" });
    const logged = errorForLog(new AppError("SERVICE_UNAVAILABLE", "Recording storage is not reachable.", { cause: refused }));
    expect(logged).toMatchObject({
      name: "AppError",
      code: "SERVICE_UNAVAILABLE",
      cause: { name: "Error", code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:9000" },
    });
  });

  it("drops a database error's message (it can hold row values) also when it is the cause", () => {
    const dbError = Object.assign(new Error("Unique constraint failed on Maria Garcia"), { name: "PrismaClientKnownRequestError", code: "P2002" });
    const logged = errorForLog(new AppError("CONFLICT", "That already exists.", { cause: dbError }));
    expect(logged.cause).toMatchObject({ name: "PrismaClientKnownRequestError", code: "P2002", message: undefined });
    expect(JSON.stringify(logged)).not.toContain("Maria");
  });

  it("stops after two levels of causes", () => {
    let error = new Error("innermost");
    for (let i = 0; i < 5; i++) error = new Error(`level ${i}`, { cause: error });
    const logged = errorForLog(error);
    expect((logged.cause as { cause: { cause?: unknown } }).cause.cause).toBeUndefined();
  });
});
