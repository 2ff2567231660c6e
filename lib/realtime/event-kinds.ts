// The parts of the realtime event catalogue (./events.ts) the browser needs before any event
// arrives, without zod: the enums its schemas use, the chat length limit, and which kind of
// channel carries each event (to refuse binding an event to the wrong channel at once).
// events.ts re-exports them; its tests check that EVENT_CHANNELS matches the catalogue.

import type { ChannelKind } from "./channels";

// Mirrors of the Prisma enums (lib/ cannot import the generated client: it runs in the browser).
export const SESSION_STATUSES = ["SCHEDULED", "IN_PROGRESS", "COMPLETED", "CANCELLED"] as const;
export const CONSULTATION_STATUSES = ["SCHEDULED", "WAITING", "IN_PROGRESS", "COMPLETED", "CANCELLED", "NO_SHOW"] as const;
export const PARTICIPANT_ROLES = ["CLINICIAN", "PATIENT", "GUEST"] as const;
export const CONSCIOUSNESS_LEVELS = ["ALERT", "CONFUSION", "VOICE", "PAIN", "UNRESPONSIVE"] as const;
export const NEWS2_RISKS = ["LOW", "LOW_MEDIUM", "MEDIUM", "HIGH"] as const;
export const VITAL_SOURCES = ["DEVICE", "PATIENT", "CLINICIAN"] as const;
/** What the waiting room says about the clinician (server/waiting-room/waiting-estimate.ts). */
export const WAITING_STATES = ["starting", "with_another_patient", "running_late", "before_time", "told"] as const;

/** Longest chat message in characters; at 4 bytes a character it still fits a 10 KB event. */
export const CHAT_BODY_MAX = 2000;

export const EVENT_CHANNELS = {
  "session.status": "session",
  "session.recording": "session",
  "participant.joined": "session",
  "participant.left": "session",
  "participant.waiting": "session",
  "participant.admitted": "session",
  "participant.takeover": "session",
  "chat.message": "session",
  "waiting.arrived": "clinician",
  "waiting.updated": "session",
  "waiting.message": "clinician",
  "vitals.observation": "patient",
  "vitals.alert.raised": "patient",
  "vitals.alert.acknowledged": "patient",
  "vitals.requested": "patient",
  "vitals.request.closed": "patient",
  "vitals.alert.updated": "clinician",
  "consultation.updated": "patient",
} as const satisfies Record<string, ChannelKind>;
