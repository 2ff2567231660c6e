import "server-only";
import { db } from "@/server/db";
import { errorForLog, logger } from "@/server/logger";
import { sendConsultationReminder } from "./consultation-notifications";

const MIN = 60_000;

/**
 * Scheduler job: the day-before reminder (due from 24 h until 2 h before the start; later
 * than that the 15-minute one is enough) and the 15-minute reminder (due from 15 minutes
 * before until the start). Each consultation is claimed in its own transaction, so one bad
 * row never holds up the others and a second scheduler instance finds nothing left to send.
 */
export async function sendDueReminders({ now = new Date() }: { now?: Date } = {}) {
  const due = async (lead: "24h" | "15m") => {
    const window =
      lead === "24h"
        ? { gte: new Date(now.getTime() + 120 * MIN), lte: new Date(now.getTime() + 24 * 60 * MIN) }
        : { gt: now, lte: new Date(now.getTime() + 15 * MIN) };
    const rows = await db.consultation.findMany({
      where: { status: "SCHEDULED", scheduledStart: window, ...(lead === "24h" ? { reminder24hAt: null } : { reminder15mAt: null }) },
      orderBy: { scheduledStart: "asc" },
      take: 200,
      select: { id: true },
    });
    let queued = 0;
    for (const { id } of rows) {
      try {
        if (await db.$transaction((tx) => sendConsultationReminder(tx, { consultationId: id, lead, now }))) queued += 1;
      } catch (error) {
        logger.error({ error: errorForLog(error), consultationId: id, lead }, "reminders.failed");
      }
    }
    return queued;
  };
  return { dayBefore: await due("24h"), soon: await due("15m") };
}
