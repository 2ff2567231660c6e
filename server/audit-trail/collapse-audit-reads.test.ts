import { describe, expect, it } from "vitest";
import { foldRoutineReads, isRoutineRead } from "./collapse-audit-reads";

const at = (min: number, sec = 0) => new Date(Date.UTC(2026, 11, 4, 10, min, sec));
let n = 100;
const row = (over: Partial<Parameters<typeof foldRoutineReads>[0][number]> & { occurredAt: Date }) => ({
  id: String(n--),
  actorId: "u1",
  action: "visit.read",
  entityType: "Visit",
  entityId: "v1",
  patientId: "p1",
  outcome: "SUCCESS",
  ...over,
});

describe("folding routine polling reads in the audit trail", () => {
  it("one person's polls of one record become one row per read window, counting every read", () => {
    // Newest first, every 20 s for 20 minutes: 61 rows → a 15-minute window and the rest.
    const rows = Array.from({ length: 61 }, (_, i) => row({ occurredAt: new Date(at(20).getTime() - i * 20_000) }));
    const folded = foldRoutineReads(rows);
    expect(folded.map((f) => f.count)).toEqual([46, 15]);
    expect(folded.reduce((s, f) => s + f.count, 0)).toBe(61);
    expect(folded[0]!.row.occurredAt).toEqual(at(20));
    expect(folded[0]!.oldestAt).toEqual(at(5));
  });

  it("never folds changes, failures, another person, another record, or reads split by another event", () => {
    const rows = [
      row({ occurredAt: at(10, 40) }),
      row({ occurredAt: at(10, 20), actorId: "u2" }),
      row({ occurredAt: at(10, 0) }),
      row({ occurredAt: at(9, 40), entityId: "v2" }),
      row({ occurredAt: at(9, 20), action: "visit.close" }),
      row({ occurredAt: at(9, 0), action: "visit.close" }),
      row({ occurredAt: at(8, 40), outcome: "DENIED" }),
      row({ occurredAt: at(8, 20), outcome: "DENIED" }),
      row({ occurredAt: at(8, 0) }),
      row({ occurredAt: at(7, 40) }),
    ];
    expect(foldRoutineReads(rows).map((f) => f.count)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 2]);
  });

  it("knows reads from changes", () => {
    expect(isRoutineRead("visit.read")).toBe(true);
    expect(isRoutineRead("vitals.alert.list")).toBe(true);
    expect(isRoutineRead("recording.view")).toBe(true);
    expect(isRoutineRead("visit.close")).toBe(false);
    expect(isRoutineRead("session.join")).toBe(false);
  });
});
