import "server-only";
import { zoneLabel } from "@/lib/format/when";
import { safeTimeZone } from "@/lib/format/visit-time";
import { describeClinicHours, withinClinicHours, type ClinicDay } from "@/lib/scheduling/clinic-day";
import { AppError } from "@/server/errors";

/**
 * A booking (or a new time for one) must lie inside the clinic's hours (ClinicSettings, set on
 * /admin/clinic), in the clinician's own time zone, as the free slots do: refused otherwise,
 * saying the hours. "The clinic books visits Mon–Fri 08:00–18:00 UTC (the clinician's time). …"
 */
export function assertWithinClinicHours(opts: { clinicDay: ClinicDay; clinicianTimeZone: string | null; start: Date; end: Date }) {
  const { clinicDay } = opts;
  const timeZone = safeTimeZone(opts.clinicianTimeZone);
  if (withinClinicHours(opts.start, opts.end, timeZone, clinicDay)) return;
  throw new AppError(
    "BAD_REQUEST",
    `The clinic books visits ${describeClinicHours(clinicDay)} ${zoneLabel(opts.start, timeZone)} (the clinician's time). Choose a start and length that fit inside those hours; the free slots do.`,
    { reason: "outside_clinic_hours" },
  );
}
