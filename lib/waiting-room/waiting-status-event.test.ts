import { describe, expect, it } from "vitest";
import { waitingStatusFromEvent, type WaitingStatusView } from "./waiting-status-event";

const told: WaitingStatusView = {
  clinicianName: "Dr Amara Okafor",
  at: new Date("2026-12-05T10:00:00Z"),
  state: "told",
  expectedAt: null,
  minutes: null,
  late: null,
};
const runningLate = {
  sessionId: "cmxa8f0qf000dma7dmq8bgxsu",
  at: "2026-12-05T10:01:00.000Z",
  status: {
    state: "running_late" as const,
    expectedAt: "2026-12-05T10:11:00.000Z",
    minutes: 10,
    late: { sentAt: "2026-12-05T10:01:00.000Z", minutes: 10, until: "2026-12-05T10:11:00.000Z" },
  },
};

describe("waitingStatusFromEvent", () => {
  it("shows the status a running-late event carries, with the clinician's name from the screen", () => {
    expect(waitingStatusFromEvent(told, runningLate, "fallback")).toEqual({
      clinicianName: "Dr Amara Okafor",
      at: new Date("2026-12-05T10:01:00Z"),
      state: "running_late",
      expectedAt: new Date("2026-12-05T10:11:00Z"),
      minutes: 10,
      late: { sentAt: new Date("2026-12-05T10:01:00Z"), minutes: 10, until: new Date("2026-12-05T10:11:00Z") },
    });
  });

  it("keeps a status fetched after the event was sent", () => {
    const newer = { ...told, at: new Date("2026-12-05T10:02:00Z") };
    expect(waitingStatusFromEvent(newer, runningLate, "fallback")).toBe(newer);
  });

  it("answers null for an event without a status (the screen fetches it)", () => {
    expect(waitingStatusFromEvent(told, { sessionId: runningLate.sessionId, at: runningLate.at }, "fallback")).toBeNull();
  });

  it("uses the page's clinician name before the first status arrived", () => {
    expect(waitingStatusFromEvent(undefined, runningLate, "Dr Okafor")?.clinicianName).toBe("Dr Okafor");
  });
});
