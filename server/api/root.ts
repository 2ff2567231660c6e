import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";
import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { consultationsRouter } from "./routers/consultations";
import { joinLinksRouter } from "./routers/join-links";
import { notificationsRouter } from "./routers/notifications";
import { patientsRouter } from "./routers/patients";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  admin: adminRouter,
  consultations: consultationsRouter,
  joinLinks: joinLinksRouter,
  notifications: notificationsRouter,
  patients: patientsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
