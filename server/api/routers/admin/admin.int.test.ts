import { describe, expect, it } from "vitest";
import { callerAs, makeAdmin, makeClinician, makePatient } from "@/tests/helpers/factories";
import { resetDatabase } from "@/tests/db/reset";
import { env } from "@/env";

describe("admin.overview", () => {
  it("counts clinicians, patients and open visits", async () => {
    await resetDatabase(env.DATABASE_URL!);
    const admin = await makeAdmin();
    const c1 = await makeClinician();
    await makeClinician();
    await makePatient({ clinicianIds: [c1.id] });
    const overview = await callerAs(admin).admin.overview();
    expect(overview).toMatchObject({ clinicians: 2, admins: 1, patients: 1, openVisits: 0 });
  });

  it("is for admins only", async () => {
    const clinician = await makeClinician();
    await expect(callerAs(clinician).admin.overview()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
