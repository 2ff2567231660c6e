// The clinic's hours (opening, closing, slot length, open days). Admins only.
import { adminProcedure, syncOutput } from "@/server/api/trpc";
import { getClinicHours, updateClinicHours } from "@/server/clinic/clinic-hours";
import { ZClinicHours, ZClinicHoursInput } from "./clinic-hours.schema";

export const clinicHoursProcedures = {
  clinicHours: adminProcedure.output(syncOutput(ZClinicHours)).query(({ ctx }) => getClinicHours({ actor: ctx.actor })),

  updateClinicHours: adminProcedure
    .input(ZClinicHoursInput)
    .output(syncOutput(ZClinicHours))
    .mutation(({ ctx, input }) => updateClinicHours({ actor: ctx.actor, hours: input })),
};
