import { describe, expect, it } from "vitest";
import { auditRowHash, canonicalJson, type SealableAuditRow } from "./audit-hash";

const row: SealableAuditRow = {
  id: 7n,
  occurredAt: new Date("2026-01-02T03:04:05.678Z"),
  actorId: "u1",
  actorRole: "ADMIN",
  action: "visit.read",
  entityType: "Visit",
  entityId: "v1",
  patientId: "p1",
  outcome: "SUCCESS",
  requestId: "r1",
  ip: null,
  metadata: { b: 1, a: { d: true, c: null } },
};

describe("audit row hashing", () => {
  it("orders object keys so jsonb key reordering keeps the hash", () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe('{"a":[{"x":1,"y":2}],"b":1}');
    expect(auditRowHash(null, row)).toBe(auditRowHash(null, { ...row, metadata: { a: { c: null, d: true }, b: 1 } }));
  });

  it("changes when any covered field or the previous hash changes", () => {
    const base = auditRowHash("abc", row);
    expect(auditRowHash("abd", row)).not.toBe(base);
    expect(auditRowHash("abc", { ...row, action: "visit.update" })).not.toBe(base);
    expect(auditRowHash("abc", { ...row, metadata: { b: 2, a: { d: true, c: null } } })).not.toBe(base);
    expect(auditRowHash("abc", { ...row, occurredAt: new Date("2026-01-02T03:04:05.679Z") })).not.toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });
});
