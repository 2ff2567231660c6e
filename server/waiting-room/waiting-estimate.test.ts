import { describe, expect, it } from "vitest";
import { estimateWait, waitingSentence } from "./waiting-estimate";

const now = new Date("2026-12-04T10:00:00Z");
const at = (min: number) => new Date(now.getTime() + min * 60_000);
const base = {
  now,
  status: "SCHEDULED" as const,
  scheduledStart: at(-2),
  otherVisit: null,
  lateNotice: null,
};

describe("estimateWait", () => {
  it("a clinician free and on time: told, no estimate", () => {
    const e = estimateWait(base);
    expect(e).toMatchObject({ state: "told", minutes: null, expectedAt: null });
    expect(waitingSentence("Dr Okafor", e)).toBe("Dr Okafor knows you are here and will let you in shortly");
  });

  it("another visit booked for 20 min that started 15 min ago: finishing another visit — about 5 min", () => {
    const e = estimateWait({
      ...base,
      otherVisit: { startedAt: at(-15), durationMinutes: 20 },
    });
    expect(e).toMatchObject({ state: "with_another_patient", minutes: 5 });
    expect(waitingSentence("Dr Okafor", e)).toBe("Dr Okafor is finishing another visit — about 5 min");
  });

  it("another visit overrunning its booked time: no made-up estimate", () => {
    const e = estimateWait({
      ...base,
      otherVisit: { startedAt: at(-40), durationMinutes: 20 },
    });
    expect(e).toMatchObject({ state: "with_another_patient", minutes: null });
  });

  it("running late 10 min, sent 3 min ago: about 7 min; the later of busy and late wins", () => {
    expect(estimateWait({ ...base, lateNotice: { sentAt: at(-3), minutes: 10 } })).toMatchObject({ state: "running_late", minutes: 7 });
    const both = estimateWait({
      ...base,
      lateNotice: { sentAt: at(-3), minutes: 10 },
      otherVisit: { startedAt: at(-5), durationMinutes: 15 },
    });
    expect(both).toMatchObject({ state: "with_another_patient", minutes: 10 });
    expect(both.late?.minutes).toBe(10);
  });

  it("a running-late notice whose time has passed no longer counts", () => {
    expect(estimateWait({ ...base, lateNotice: { sentAt: at(-20), minutes: 10 } })).toMatchObject({ state: "told", late: null });
  });

  it("early for the booked time: starts in about N min", () => {
    const e = estimateWait({ ...base, scheduledStart: at(8) });
    expect(e).toMatchObject({ state: "before_time", minutes: 8 });
    expect(waitingSentence("Dr Okafor", e)).toBe("Your visit with Dr Okafor starts in about 8 min");
  });

  it("a started session: the call is opening", () => {
    expect(
      estimateWait({
        ...base,
        status: "IN_PROGRESS",
        otherVisit: { startedAt: at(-1), durationMinutes: 15 },
      }).state,
    ).toBe("starting");
  });
});
