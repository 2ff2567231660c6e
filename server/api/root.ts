import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";
import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { consultationsRouter } from "./routers/consultations";
import { patientsRouter } from "./routers/patients";
import { vitalsRouter } from "./routers/vitals";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  admin: adminRouter,
  consultations: consultationsRouter,
  patients: patientsRouter,
  vitals: vitalsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
