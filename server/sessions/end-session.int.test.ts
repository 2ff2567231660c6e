// The clinician's End under the conditions that made it slow: every statement of its
// transaction is held time (on the embedded database every other transaction waits for it),
// and the answer must not wait for the video provider.
import pg from "pg";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import type { VideoProvider } from "@/server/integrations/video/types";
import { getVideoProvider } from "@/server/integrations/video";
import { bookedConsultation, callerAs, ensureTelemedicineItem } from "@/tests/helpers/factories";

beforeAll(async () => {
  await ensureTelemedicineItem();
});

const videoHolder = globalThis as unknown as { bedsideVideo?: VideoProvider };
const realVideo = getVideoProvider();
afterEach(() => {
  videoHolder.bedsideVideo = realVideo;
});

async function runningSession() {
  const { clinician, patientUser, booking } = await bookedConsultation();
  const doc = callerAs(clinician);
  await callerAs(patientUser).sessions.arrive({ sessionId: booking.sessionId });
  await doc.sessions.start({ sessionId: booking.sessionId });
  await doc.sessions.join({ sessionId: booking.sessionId });
  await callerAs(patientUser).sessions.join({ sessionId: booking.sessionId });
  return { doc, sessionId: booking.sessionId };
}

/** Counts the statements sent to the database while `fn` runs (pg's Client is shared by Prisma's adapter). */
async function statementsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const statements: string[] = [];
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    statements.push(String(typeof first === "string" ? first : first.text).slice(0, 80));
    return original.apply(this, args);
  };
  try {
    return { result: await fn(), statements };
  } finally {
    proto.query = original;
  }
}

describe("sessions.end: what the clinician waits for", () => {
  it("answers while the video provider is still closing the room, and the room is closed all the same", async () => {
    const { doc, sessionId } = await runningSession();
    const closing: string[] = [];
    videoHolder.bedsideVideo = { ...realVideo, closeRoom: ({ roomName }) => (closing.push(roomName), new Promise<void>(() => undefined)) };
    const answer = doc.sessions.end({ sessionId, notes: "Stable.", addToBill: true });
    const ended = await Promise.race([answer, new Promise((r) => setTimeout(() => r("still waiting"), 5_000))]);
    expect(ended).toMatchObject({ status: "COMPLETED", charged: true });
    const { roomName } = await db.telemedicineSession.findUniqueOrThrow({ where: { id: sessionId }, select: { roomName: true } });
    expect(closing).toEqual([roomName]);
  });

  it("ends with notes, the charge and the summary email in at most 22 statements, 14 of them inside its transaction (it took 32 and 24)", async () => {
    const { doc, sessionId } = await runningSession();
    await db.telemedicineSession.update({ where: { id: sessionId }, data: { notesDraft: "typed during the call", notesDraftSavedAt: new Date() } });
    const { result, statements } = await statementsDuring(() => doc.sessions.end({ sessionId, notes: "  Stable. Review in 2 weeks.  ", addToBill: true }));
    expect(result).toMatchObject({ status: "COMPLETED", charged: true });
    expect(statements.length, statements.join("\n")).toBeLessThanOrEqual(22);
    // Everything the longer version wrote is written.
    const session = await db.telemedicineSession.findUniqueOrThrow({ where: { id: sessionId }, include: { charges: true } });
    expect(session).toMatchObject({ status: "COMPLETED", notes: "Stable. Review in 2 weeks.", notesDraft: null, notesDraftSavedAt: null });
    expect(result.durationSeconds).toBe(session.durationSeconds);
    expect(session.charges.map((c) => c.code)).toEqual(["TELEMED-001"]);
    const visit = await db.visit.findUniqueOrThrow({ where: { id: session.visitId }, select: { paymentStatus: true } });
    expect(visit.paymentStatus).toBe("UNPAID");
    const email = await db.emailMessage.findUniqueOrThrow({ where: { dedupeKey: `session-summary:${sessionId}` } });
    expect(email.props).toMatchObject({ charges: [{ description: session.charges[0]!.description, quantity: 1 }], durationSeconds: session.durationSeconds });
  });
});
