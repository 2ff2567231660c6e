import { describe, expect, it } from "vitest";
import { evaluateSession, requiredRoles } from "./session-policy";

const MIN = 60_000;
const policy = { staffIdleMs: 15 * MIN, absoluteMs: 12 * 60 * MIN };
const t0 = Date.UTC(2026, 10, 21, 9, 0);

describe("evaluateSession", () => {
  it("keeps a clinician signed in at 14:59 of inactivity and signs them out at 15:00", () => {
    const s = { role: "CLINICIAN" as const, authTime: t0, lastActivity: t0 };
    expect(evaluateSession(s, t0 + 15 * MIN - 1000, policy)).toBe("active");
    expect(evaluateSession(s, t0 + 15 * MIN, policy)).toBe("idle");
  });

  it("applies the idle rule to admins but not to patients", () => {
    expect(evaluateSession({ role: "ADMIN", authTime: t0, lastActivity: t0 }, t0 + 20 * MIN, policy)).toBe("idle");
    expect(evaluateSession({ role: "PATIENT", authTime: t0, lastActivity: t0 }, t0 + 20 * MIN, policy)).toBe("active");
  });

  it("expires every session 12 hours after sign-in even when active", () => {
    const s = { role: "CLINICIAN" as const, authTime: t0, lastActivity: t0 + 12 * 60 * MIN - 1 };
    expect(evaluateSession(s, t0 + 12 * 60 * MIN - 1, policy)).toBe("active");
    expect(evaluateSession(s, t0 + 12 * 60 * MIN, policy)).toBe("expired");
    expect(evaluateSession({ ...s, role: "PATIENT" }, t0 + 12 * 60 * MIN, policy)).toBe("expired");
  });
});

describe("requiredRoles", () => {
  it("protects each area for its roles and leaves public pages alone", () => {
    expect(requiredRoles("/admin/audit")).toEqual(["ADMIN"]);
    expect(requiredRoles("/clinician")).toEqual(["CLINICIAN"]);
    expect(requiredRoles("/patient/bills")).toEqual(["PATIENT", "GUEST"]);
    expect(requiredRoles("/signin")).toBeNull();
    expect(requiredRoles("/administrator")).toBeNull();
  });
});
