import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";
import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { consultationsRouter } from "./routers/consultations";
import { patientsRouter } from "./routers/patients";
import { recordingsRouter } from "./routers/recordings";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  admin: adminRouter,
  consultations: consultationsRouter,
  patients: patientsRouter,
  recordings: recordingsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
