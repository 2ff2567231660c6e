import "server-only";
import { createEvent } from "@/lib/realtime/events";
import { db } from "@/server/db";
import { logger, errorForLog } from "@/server/logger";
import { publishAfterCommit } from "@/server/realtime/publish";

/**
 * The clinician started or finished a visit: whoever waits in their other sessions sees
 * "finishing another visit" appear or go (their waiting screens fetch the status again).
 * Called after commit; a failure here only delays the waiting screen's next refresh.
 */
export async function announceClinicianBusyChanged(clinicianId: string, exceptSessionId: string, now = new Date()) {
  try {
    const waiting = await db.telemedicineSession.findMany({
      where: {
        visit: { clinicianId },
        id: { not: exceptSessionId },
        status: "SCHEDULED",
        participants: {
          some: {
            role: { not: "CLINICIAN" },
            arrivedAt: { not: null },
            admittedAt: null,
          },
        },
      },
      take: 50,
      select: { id: true },
    });
    publishAfterCommit(
      waiting.map((s) =>
        createEvent("waiting.updated", s.id, {
          sessionId: s.id,
          at: now.toISOString(),
        }),
      ),
    );
  } catch (error) {
    logger.warn({ error: errorForLog(error), clinicianId }, "waiting_room.announce_failed");
  }
}
