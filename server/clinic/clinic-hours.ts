// The clinic's hours as a setting: one row (ClinicSettings, id "clinic") an admin edits;
// without it the built-in day applies. Free slots (`listFreeSlots`) and the booking dialog's
// default length read it; changing it is audited with the old and new values (no PHI).
import "server-only";
import { CLINIC_DAY, clinicDayFromHours, hoursFromClinicDay, ZClinicHoursInput, type ClinicDay, type TClinicHoursInput } from "@/lib/scheduling/clinic-day";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { requireAdmin } from "@/server/access/roles";
import { db, type DbOrTx } from "@/server/db";

const SETTINGS_ID = "clinic";

/** The clinic day in force: the admin's setting, else the built-in day. */
export async function getClinicDay(client: DbOrTx = db): Promise<ClinicDay> {
  const row = await client.clinicSettings.findUnique({ where: { id: SETTINGS_ID } });
  if (!row) return CLINIC_DAY;
  const day: ClinicDay = { opensMinute: row.opensMinute, closesMinute: row.closesMinute, slotMinutes: row.slotMinutes, weekdays: row.weekdays };
  // A row edited by hand into nonsense must not break booking: the built-in day applies.
  return ZClinicHoursInput.safeParse(hoursFromClinicDay(day)).success ? day : CLINIC_DAY;
}

export interface ClinicHoursView extends TClinicHoursInput {
  /** False while the built-in day applies. */
  customised: boolean;
  updatedAt: Date | null;
}

async function view(client: DbOrTx): Promise<ClinicHoursView> {
  const row = await client.clinicSettings.findUnique({ where: { id: SETTINGS_ID }, select: { updatedAt: true } });
  return { ...hoursFromClinicDay(await getClinicDay(client)), customised: row !== null, updatedAt: row?.updatedAt ?? null };
}

export async function getClinicHours({ actor }: { actor: Actor }): Promise<ClinicHoursView> {
  requireAdmin(actor, "clinic.hours.read");
  return view(db);
}

export async function updateClinicHours({ actor, hours }: { actor: Actor; hours: TClinicHoursInput }): Promise<ClinicHoursView> {
  requireAdmin(actor, "clinic.hours.update");
  const day = clinicDayFromHours(hours);
  return db.$transaction(async (tx) => {
    const before = await getClinicDay(tx);
    const data = { ...day, weekdays: [...day.weekdays], updatedById: actor.userId };
    await tx.clinicSettings.upsert({ where: { id: SETTINGS_ID }, create: { id: SETTINGS_ID, ...data }, update: data });
    await recordAudit(tx, actor, {
      action: "clinic.hours.update",
      entityType: "ClinicSettings",
      entityId: SETTINGS_ID,
      metadata: {
        before: describe(before),
        after: describe(day),
      },
    });
    return view(tx);
  });
}

/** "Mon,Tue,Wed,Thu,Fri 08:00–18:00 / 20 min" for the audit row's metadata. */
function describe(d: ClinicDay): string {
  const h = hoursFromClinicDay(d);
  return `${h.weekdays.map((w) => ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][w]).join(",")} ${h.opens}–${h.closes} / ${h.slotMinutes} min`;
}
