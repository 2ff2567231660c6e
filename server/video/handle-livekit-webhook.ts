import "server-only";
import { createHash } from "node:crypto";
import { db, type Tx } from "@/server/db";
import type { SystemActor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { getVideoProvider, type VideoEvent, type VideoProvider } from "@/server/integrations/video";
import { publishAfterCommit } from "@/server/realtime/publish";
import { completeRunningSession } from "@/server/sessions/complete-session";
import type { RealtimeEvent } from "@/lib/realtime/events";
import { applyEgressState } from "@/server/recordings/apply-egress";
import { recordStintJoined, recordStintLeft } from "./participant-stints";

export const LIVEKIT_WEBHOOK_PROVIDER = "livekit";

export type WebhookOutcome = "processed" | "duplicate" | "ignored";

/**
 * A signed LiveKit event, applied once. The WebhookEvent row is inserted first, in the
 * same transaction as the effect: a replay (LiveKit retries; several at once) hits the
 * unique (provider, eventId) and is answered as a no-op, and a failed effect rolls the row
 * back so LiveKit's retry gets another go. Unsigned or tampered requests throw
 * WebhookVerificationError before anything is written.
 */
export async function handleLiveKitWebhook(opts: {
  body: string;
  authorization: string | null;
  requestId: string;
  video?: VideoProvider;
}): Promise<WebhookOutcome> {
  const video = opts.video ?? getVideoProvider();
  const event = await video.parseWebhook({ body: opts.body, authorization: opts.authorization });
  const actor: SystemActor = { system: "webhook", requestId: opts.requestId };
  // LiveKit always sends an id; a body hash stands in should one ever be missing.
  const eventId = event.id || `sha256:${createHash("sha256").update(opts.body).digest("hex")}`;
  const type = event.type === "ignored" ? event.name : event.type;

  let outcome: WebhookOutcome = "processed";
  let events: RealtimeEvent[];
  try {
    events = await db.$transaction(async (tx) => {
      await tx.webhookEvent.create({
        data: { provider: LIVEKIT_WEBHOOK_PROVIDER, eventId, type: type.slice(0, 100), processedAt: new Date() },
      });
      const applied = await applyEvent(tx, event, actor);
      if (!applied) outcome = "ignored";
      return applied ?? [];
    }, WEBHOOK_TRANSACTION);
  } catch (error) {
    if (isDuplicateEvent(error)) return "duplicate";
    throw error;
  }
  publishAfterCommit(events);
  return outcome;
}

/**
 * LiveKit sends events in bursts (a room ending: every participant's leave, the egress, the
 * room) and retries each, so many arrive at once. Prisma's default of 2 s to get a connection
 * and begin was too short for a burst: on the embedded database every transaction runs after
 * the previous one, so a burst of a dozen queued past it and was refused (P2028), which the
 * route answered with 500. A webhook has no user waiting on it: it waits its turn instead.
 */
const WEBHOOK_TRANSACTION = { maxWait: 15_000, timeout: 15_000 };

/** No connection became free in time: the database is overloaded, not the event wrong. */
export function isDatabaseBusy(error: unknown): boolean {
  return (error as { code?: string })?.code === "P2028";
}

function isDuplicateEvent(error: unknown): boolean {
  const e = error as { code?: string; meta?: { target?: unknown; modelName?: string }; message?: string };
  if (e?.code !== "P2002") return false;
  const detail = `${JSON.stringify(e.meta ?? {})} ${e.message ?? ""}`;
  return detail.includes("WebhookEvent") || detail.includes("eventId");
}

/** The effect of one event; null when it concerns nothing Bedside knows (recorded, no effect). */
async function applyEvent(tx: Tx, event: VideoEvent, actor: SystemActor): Promise<RealtimeEvent[] | null> {
  if (event.type === "ignored" || event.type === "room_started") return null;

  const session = await tx.telemedicineSession.findUnique({
    where: { roomName: event.roomName },
    select: { id: true, visit: { select: { patientId: true } } },
  });
  if (!session) return null;

  switch (event.type) {
    case "participant_joined":
    case "participant_left":
    case "participant_connection_aborted": {
      const participant = await tx.sessionParticipant.findUnique({
        where: { sessionId_userId: { sessionId: session.id, userId: event.participant.identity } },
        select: { id: true },
      });
      if (!participant) return null;
      const stint = {
        participantId: participant.id,
        connectionId: event.participant.connectionId,
        joinedAt: event.participant.joinedAt ?? event.at,
        connected: event.type !== "participant_connection_aborted",
      };
      if (event.type === "participant_joined") await recordStintJoined(tx, stint);
      else await recordStintLeft(tx, { ...stint, leftAt: event.at });
      await recordAudit(tx, actor, {
        action: event.type === "participant_joined" ? "session.participant_joined" : "session.participant_left",
        entityType: "SessionParticipant",
        entityId: participant.id,
        patientId: session.visit.patientId,
        metadata: { sessionId: session.id, connectionId: stint.connectionId, connected: stint.connected },
      });
      return [];
    }
    case "room_finished": {
      const { events } = await completeRunningSession(tx, {
        sessionId: session.id,
        endedAt: event.at,
        actor,
        reason: "room_finished",
      });
      return events;
    }
    case "egress_started":
    case "egress_updated":
    case "egress_ended": {
      const { events } = await applyEgressState(tx, {
        sessionId: session.id,
        patientId: session.visit.patientId,
        egress: event.egress,
        at: event.at,
        actor,
      });
      return events;
    }
  }
}
