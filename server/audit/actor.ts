import type { Role } from "@/server/generated/prisma/enums";

/** Who is doing something, as every domain function receives it. */
export interface Actor {
  userId: string;
  role: Role;
  requestId: string;
  ip?: string | null;
  /** Set for join-link sign-ins: the one telemedicine session this sign-in may touch. */
  scopeSessionId?: string | null;
}

/** Work done by the system itself (scheduler, webhooks): audited without a user. */
export interface SystemActor {
  system: "scheduler" | "webhook" | "device" | "seed" | "auth" | "ehr";
  requestId: string;
  /** For device ingest and EHR (FHIR API) reads: the token's id (never the token). */
  subjectId?: string;
}

export type AnyActor = Actor | SystemActor;

export function isSystemActor(a: AnyActor): a is SystemActor {
  return "system" in a;
}
