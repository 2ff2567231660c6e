import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";
import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { chatRouter } from "./routers/chat";
import { consultationsRouter } from "./routers/consultations";
import { patientsRouter } from "./routers/patients";
import { vitalsRouter } from "./routers/vitals";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  admin: adminRouter,
  chat: chatRouter,
  consultations: consultationsRouter,
  patients: patientsRouter,
  vitals: vitalsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
