import { z } from "zod";
import { ZClinicHoursInput } from "@/lib/scheduling/clinic-day";

export { ZClinicHoursInput };

export const ZClinicHours = z.object({
  opens: z.string(),
  closes: z.string(),
  slotMinutes: z.number().int(),
  weekdays: z.array(z.number().int()),
  customised: z.boolean(),
  updatedAt: z.date().nullable(),
});
export type TClinicHours = z.infer<typeof ZClinicHours>;
