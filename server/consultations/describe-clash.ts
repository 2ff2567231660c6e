import "server-only";
import { formatWhen } from "@/lib/format/when";
import { safeTimeZone } from "@/lib/format/visit-time";
import { db } from "@/server/db";
import { AppError, fromDatabaseError, isAppError } from "@/server/errors";

/**
 * A booking the no-overlap constraint refused, said with what it clashes with: "That time
 * clashes with Jane Doe, 10:30–10:50 AM UTC." The booker is staff with access to the
 * clinician's schedule; the name is shown to them only (never logged).
 */
export async function explainDoubleBooking(
  error: unknown,
  opts: { clinicianId: string; start: Date; end: Date; excludeConsultationId?: string; timeZone?: string | null; now: Date },
): Promise<unknown> {
  const mapped = fromDatabaseError(error);
  if (!isAppError(mapped) || mapped.reason !== "double_booked") return error;
  const clash = await db.consultation.findFirst({
    where: {
      clinicianId: opts.clinicianId,
      status: { notIn: ["CANCELLED", "NO_SHOW"] },
      scheduledStart: { lt: opts.end },
      scheduledEnd: { gt: opts.start },
      ...(opts.excludeConsultationId ? { id: { not: opts.excludeConsultationId } } : {}),
      OR: [{ endedAt: null }, { endedAt: { gt: opts.start } }],
    },
    orderBy: { scheduledStart: "asc" },
    select: { id: true, scheduledStart: true, scheduledEnd: true, endedAt: true, patient: { select: { givenName: true, familyName: true } } },
  });
  if (!clash) return mapped;
  const end = clash.endedAt && clash.endedAt < clash.scheduledEnd ? clash.endedAt : clash.scheduledEnd;
  // The booker's zone when known, else the clinician's own.
  const tz = safeTimeZone(opts.timeZone ?? (await db.user.findUnique({ where: { id: opts.clinicianId }, select: { timeZone: true } }))?.timeZone);
  const from = formatWhen(clash.scheduledStart, { timeZone: tz, now: opts.now });
  const to = formatWhen(end, { timeZone: tz, now: clash.scheduledStart });
  const when = `${from.date ? `${from.date}, ` : ""}${from.time}–${to.time} ${from.zone}`;
  return new AppError("CONFLICT", `That time clashes with ${clash.patient.givenName} ${clash.patient.familyName}, ${when}. Choose another time.`, {
    reason: "double_booked",
    details: { clash: { consultationId: clash.id, start: clash.scheduledStart.toISOString(), end: end.toISOString() } },
    cause: error,
  });
}
