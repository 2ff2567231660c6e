import { describe, expect, it } from "vitest";
import { callerAs, makeClinician } from "@/tests/helpers/factories";

describe("account.me", () => {
  it("returns the signed-in user", async () => {
    const clinician = await makeClinician("Ada Lovelace");
    await expect(callerAs(clinician).account.me()).resolves.toEqual({
      id: clinician.id,
      name: "Ada Lovelace",
      email: clinician.email,
      role: "CLINICIAN",
    });
  });

  it("answers UNAUTHORIZED with a sign-in hint when nobody is signed in", async () => {
    await expect(callerAs(null).account.me()).rejects.toMatchObject({ code: "UNAUTHORIZED", message: expect.stringContaining("sign in") });
  });
});
