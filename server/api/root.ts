import { createCallerFactory, createTRPCRouter } from "@/server/api/trpc";
import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { billingRouter } from "./routers/billing";
import { chatRouter } from "./routers/chat";
import { consultationsRouter } from "./routers/consultations";
import { joinLinksRouter } from "./routers/join-links";
import { notificationsRouter } from "./routers/notifications";
import { patientsRouter } from "./routers/patients";
import { sessionsRouter } from "./routers/sessions";
import { visitsRouter } from "./routers/visits";
import { recordingsRouter } from "./routers/recordings";
import { vitalsRouter } from "./routers/vitals";
import { waitingRoomRouter } from "./routers/waiting-room";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  admin: adminRouter,
  billing: billingRouter,
  chat: chatRouter,
  consultations: consultationsRouter,
  joinLinks: joinLinksRouter,
  notifications: notificationsRouter,
  patients: patientsRouter,
  sessions: sessionsRouter,
  visits: visitsRouter,
  recordings: recordingsRouter,
  vitals: vitalsRouter,
  waitingRoom: waitingRoomRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
