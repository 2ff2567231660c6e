import { z } from "zod";
import { adminProcedure, createTRPCRouter } from "@/server/api/trpc";
import { getOverview } from "@/server/admin/get-overview";

const ZOverview = z.object({
  clinicians: z.number().int(),
  admins: z.number().int(),
  patients: z.number().int(),
  openVisits: z.number().int(),
  consultationsToday: z.number().int(),
  openIssues: z.number().int(),
});

export const adminRouter = createTRPCRouter({
  overview: adminProcedure.output(ZOverview).query(() => getOverview()),
});
