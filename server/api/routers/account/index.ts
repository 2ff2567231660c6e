import { z } from "zod";
import { createTRPCRouter, protectedProcedure, syncOutput } from "@/server/api/trpc";

const ZMeOutput = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string(),
  role: z.enum(["CLINICIAN", "PATIENT", "ADMIN", "GUEST"]),
});

export const accountRouter = createTRPCRouter({
  /** The signed-in user as the server sees them (after the revocation check). */
  me: protectedProcedure.output(syncOutput(ZMeOutput)).query(({ ctx }) => ({
    id: ctx.user.id,
    name: ctx.user.name,
    email: ctx.user.email,
    role: ctx.user.role,
  })),
});
