import "server-only";
import { clinicSlots, firstFreeSlot, type SlotDay } from "@/lib/scheduling/clinic-day";
import { safeTimeZone } from "@/lib/format/visit-time";
import type { Actor } from "@/server/audit/actor";
import { getClinicDay } from "@/server/clinic/clinic-hours";
import { db } from "@/server/db";
import { AppError, notFound } from "@/server/errors";

export interface ListFreeSlotsOptions {
  actor: Actor;
  /** An admin names the clinician; a clinician always sees their own day. */
  clinicianId?: string;
  /** Any instant of the first day to show (default: today in the clinician's zone). */
  from?: Date;
  days: number;
  now?: Date;
}

/** How far ahead "the next free slot" is looked for. */
const LOOKAHEAD_DAYS = 28;

/**
 * A clinician's clinic days as slots, free or booked, from their real bookings (cancelled and
 * no-show bookings free their time; a session that ended early frees the rest of its slot, as
 * the no-overlap constraint does), and the next free slot from now. No patient is named:
 * it reads no health information, so nothing is audited.
 */
export async function listFreeSlots(opts: ListFreeSlotsOptions) {
  const { actor, days, now = new Date() } = opts;
  const clinicianId = actor.role === "CLINICIAN" ? actor.userId : opts.clinicianId;
  if (!clinicianId) throw new AppError("BAD_REQUEST", "Choose the clinician whose day to show.", { reason: "clinician_required" });
  const clinician = await db.user.findFirst({ where: { id: clinicianId, role: "CLINICIAN", deactivatedAt: null }, select: { timeZone: true } });
  if (!clinician) throw notFound("Clinician");
  const timeZone = safeTimeZone(clinician.timeZone);
  const from = opts.from ?? now;
  // One read covers the days shown and the look-ahead for the next free slot.
  const windowStart = new Date(Math.min(from.getTime(), now.getTime()) - 36 * 3600_000);
  const windowEnd = new Date(Math.max(from.getTime() + days * 86_400_000, now.getTime() + LOOKAHEAD_DAYS * 86_400_000) + 36 * 3600_000);
  const bookings = await db.consultation.findMany({
    where: { clinicianId, status: { notIn: ["CANCELLED", "NO_SHOW"] }, scheduledStart: { lt: windowEnd }, scheduledEnd: { gt: windowStart } },
    select: { scheduledStart: true, scheduledEnd: true, endedAt: true },
  });
  const clinicDay = await getClinicDay();
  const busy = bookings.map((b) => ({ start: b.scheduledStart, end: b.endedAt && b.endedAt < b.scheduledEnd ? b.endedAt : b.scheduledEnd }));
  const shown: SlotDay[] = clinicSlots({ from, days, timeZone, busy, now, clinicDay });
  const next = firstFreeSlot(clinicSlots({ from: now, days: LOOKAHEAD_DAYS, timeZone, busy, now, clinicDay }));
  return {
    timeZone,
    slotMinutes: clinicDay.slotMinutes,
    opensMinute: clinicDay.opensMinute,
    closesMinute: clinicDay.closesMinute,
    days: shown,
    nextFree: next ? { start: next.start, end: next.end } : null,
  };
}
