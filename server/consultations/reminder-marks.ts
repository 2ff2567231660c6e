const HOUR = 3_600_000;

/**
 * Reminders a booking at `scheduledStart` made at `now` already covers: a visit booked (or
 * moved) to within 24 h gets no "tomorrow" email, one within 15 minutes no 15-minute one.
 * Written with the consultation's time, by booking and rescheduling.
 */
export function reminderMarks(scheduledStart: Date, now: Date): { reminder24hAt: Date | null; reminder15mAt: Date | null } {
  const lead = scheduledStart.getTime() - now.getTime();
  return { reminder24hAt: lead <= 24 * HOUR ? now : null, reminder15mAt: lead <= 15 * 60_000 ? now : null };
}
