import { initTRPC, TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { syncOutput } from "./sync-output";

// A procedure's answer passes its output schema the same way through syncOutput as through a
// bare schema: fields the schema does not name never leave, and a wrong answer is refused.
const t = initTRPC.create();
const ZPatientRow = z.array(z.object({ id: z.string(), seenAt: z.date() }));
const answer = { value: [] as unknown };
const router = t.router({
  sync: t.procedure.output(syncOutput(ZPatientRow)).query(() => answer.value as z.infer<typeof ZPatientRow>),
  bare: t.procedure.output(ZPatientRow).query(() => answer.value as z.infer<typeof ZPatientRow>),
});
const caller = t.createCallerFactory(router)({});

describe("syncOutput", () => {
  it("answers only the fields the schema names, exactly as a bare schema does", async () => {
    const seenAt = new Date("2026-12-01T10:00:00Z");
    answer.value = [{ id: "p1", seenAt, nhsNumber: "943 476 5919", notes: "not for this screen" }];
    const sync = await caller.sync();
    expect(sync).toEqual([{ id: "p1", seenAt }]);
    expect(Object.keys(sync[0]!)).toEqual(["id", "seenAt"]);
    expect(await caller.bare()).toEqual(sync);
  });

  it("refuses an answer that breaks the schema as tRPC refuses it with a bare schema", async () => {
    answer.value = [{ id: "p1", seenAt: "yesterday" }];
    const refused = async (call: () => Promise<unknown>) => {
      const error = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TRPCError);
      return { code: (error as TRPCError).code, message: (error as TRPCError).message };
    };
    const sync = await refused(() => caller.sync());
    expect(sync).toEqual({ code: "INTERNAL_SERVER_ERROR", message: "Output validation failed" });
    expect(await refused(() => caller.bare())).toEqual(sync);
  });

  it("checks synchronously: the parse returns the value, not a promise", () => {
    const check = syncOutput(ZPatientRow);
    expect(check([{ id: "p1", seenAt: new Date(0) }])).toEqual([{ id: "p1", seenAt: new Date(0) }]);
    expect(() => check([{ id: 1 }])).toThrow(z.ZodError);
  });
});
