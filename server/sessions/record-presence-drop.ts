import "server-only";
import { parseChannel, signalChannel } from "@/lib/realtime/channels";
import { createEvent } from "@/lib/realtime/events";
import type { Actor, AnyActor, SystemActor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import type { ParticipantRole } from "@/server/generated/prisma/enums";
import { logger } from "@/server/logger";
import { publishAfterCommit, realtime } from "@/server/realtime/publish";
import { assertRole, loadSession } from "./session-context";

/**
 * A connection younger than this may not have subscribed to the signalling channel yet:
 * its absence there proves nothing until then, so it is looked at again once it is this old.
 */
export const PRESENCE_GRACE_MS = 5_000;

export interface RecordPresenceDropOptions {
  actor: Actor;
  sessionId: string;
  /** The participant whose membership of the call's presence channel dropped. */
  userId: string;
  now?: Date;
}

/**
 * ended: a connection was ended. checked: false when the realtime server could not be asked.
 * retryInMs: the person is gone but their connection is younger than the grace: ask again then.
 */
export interface PresenceDropOutcome {
  ended: boolean;
  checked: boolean;
  retryInMs?: number;
}

/**
 * Peer-to-peer calls: a participant's tab that vanished without saying so (killed, network
 * gone) drops out of the session's presence channel, and the others' pages see it. Any
 * participant may report it, but the report is only a prompt: the realtime server itself is
 * asked who is on the channel, and only a person it no longer lists has their open connection
 * ended (at the time of the check). A forged report about someone still there changes nothing.
 * The realtime server's own webhook (handlePresenceWebhook) does the same without any page.
 */
export async function recordPresenceDrop({ actor, sessionId, userId, now = new Date() }: RecordPresenceDropOptions): Promise<PresenceDropOutcome> {
  const { session, role } = await loadSession(db, actor, sessionId, "session.presence_drop");
  assertRole(role, ["CLINICIAN", "PATIENT", "GUEST"], "participants");
  const target = session.participants.find((p) => p.userId === userId);
  // LiveKit reports its own connections (webhooks); a finished session closed every stint.
  if (session.provider !== "P2P" || session.status !== "IN_PROGRESS" || !target) return { ended: false, checked: true };
  return endVanishedConnection({ actor, sessionId, patientId: session.visit.patientId, target, droppedAt: now });
}

export interface HandlePresenceWebhookOptions {
  headers: Headers;
  body: string;
  requestId: string;
  /** Runs the look again once a too-young connection is past the grace (a timer in production). */
  later?: (ms: number, run: () => Promise<unknown>) => void;
}

const PRESENCE_WEBHOOK_REJECTED_BRAND = Symbol.for("bedside.PresenceWebhookRejected");

export class PresenceWebhookRejected extends Error {
  // Checked structurally by isPresenceWebhookRejected, like the video provider's
  // WebhookVerificationError: class identity does not hold across Next's server bundles.
  readonly [PRESENCE_WEBHOOK_REJECTED_BRAND] = true;

  constructor() {
    super("The realtime webhook is not signed with this app's key and secret.");
    this.name = "PresenceWebhookRejected";
  }
}

export function isPresenceWebhookRejected(e: unknown): e is PresenceWebhookRejected {
  return typeof e === "object" && e !== null && (e as { [PRESENCE_WEBHOOK_REJECTED_BRAND]?: unknown })[PRESENCE_WEBHOOK_REJECTED_BRAND] === true;
}

/**
 * The realtime server's `member_removed` webhook (Pusher Channels and soketi send it when a
 * user's last connection to a presence channel closes): for a call's signalling channel, the
 * person's open connection ends in the visit record at once, whether or not any other page
 * is there, awake, to report it. The webhook is only trusted when signed with the app secret,
 * and the realtime server is still asked who is on the channel (a reload may be back already).
 * Returns how many drops it recorded.
 */
export async function handlePresenceWebhook({ headers, body, requestId, later = defaultLater }: HandlePresenceWebhookOptions): Promise<number> {
  const hook = realtime().verifyWebhook?.({ headers, body });
  if (!hook) throw new PresenceWebhookRejected();
  const actor: SystemActor = { system: "webhook", requestId };
  let ended = 0;
  for (const event of hook.events) {
    const channel = parseChannel(event.channel);
    if (event.name !== "member_removed" || channel?.kind !== "signal") continue;
    const session = await db.telemedicineSession.findUnique({
      where: { id: channel.id },
      select: {
        provider: true,
        status: true,
        visit: { select: { patientId: true } },
        participants: { select: { id: true, userId: true, role: true, displayName: true } },
      },
    });
    const target = session?.participants.find((p) => p.userId === event.userId);
    if (!session || !target || session.provider !== "P2P" || session.status !== "IN_PROGRESS") continue;
    // When the realtime server saw the connection close, not when this request was served.
    const droppedAt = new Date(Math.min(hook.sentAt.getTime(), Date.now()));
    const look = () => endVanishedConnection({ actor, sessionId: channel.id, patientId: session.visit.patientId, target, droppedAt });
    const outcome = await look();
    if (outcome.ended) ended++;
    else if (outcome.retryInMs !== undefined) later(outcome.retryInMs, look);
  }
  return ended;
}

function defaultLater(ms: number, run: () => Promise<unknown>) {
  setTimeout(() => {
    run().catch((error: unknown) => logger.error({ error: error instanceof Error ? error.name : "unknown" }, "session.presence_recheck_failed"));
  }, ms).unref?.();
}

interface VanishedConnection {
  actor: AnyActor;
  sessionId: string;
  patientId: string;
  target: { id: string; userId: string; role: ParticipantRole; displayName: string };
  /** When the person dropped out of the channel: their connection's end in the record. */
  droppedAt: Date;
}

/**
 * Ends the person's open connections that began before the drop, if the realtime server no
 * longer lists them. One younger than the grace is left for now (its tab may not have
 * subscribed yet): `retryInMs` says when to look again, and the end recorded then is still
 * the drop's time.
 */
async function endVanishedConnection({ actor, sessionId, patientId, target, droppedAt }: VanishedConnection): Promise<PresenceDropOutcome> {
  // Unknown (the realtime server did not answer) records nothing; the caller asks again.
  const members = await realtime().presenceMembers?.(signalChannel(sessionId));
  if (!members) return { ended: false, checked: false };
  if (members.includes(target.userId)) return { ended: false, checked: true };

  const now = Date.now();
  const settledBefore = new Date(Math.min(droppedAt.getTime(), now - PRESENCE_GRACE_MS));
  const ended = await db.$transaction(async (tx) => {
    const { count } = await tx.participantStint.updateMany({
      where: { participantId: target.id, leftAt: null, joinedAt: { lt: settledBefore } },
      data: { leftAt: droppedAt },
    });
    if (count === 0) return false;
    await tx.sessionParticipant.update({ where: { id: target.id }, data: { lastLeftAt: droppedAt } });
    await recordAudit(tx, actor, {
      action: "session.presence_drop",
      entityType: "TelemedicineSession",
      entityId: sessionId,
      patientId,
      metadata: { userId: target.userId, stints: count },
    });
    return true;
  });
  if (ended) {
    publishAfterCommit([
      createEvent("participant.left", sessionId, {
        sessionId,
        userId: target.userId,
        role: target.role,
        displayName: target.displayName,
        at: droppedAt.toISOString(),
      }),
    ]);
    return { ended: true, checked: true };
  }
  // Gone, but with a connection too young to judge that began before the drop: look again.
  const young = await db.participantStint.findFirst({
    where: { participantId: target.id, leftAt: null, joinedAt: { lt: droppedAt } },
    orderBy: { joinedAt: "asc" },
    select: { joinedAt: true },
  });
  if (!young) return { ended: false, checked: true };
  return { ended: false, checked: true, retryInMs: Math.max(0, young.joinedAt.getTime() + PRESENCE_GRACE_MS - now) + 100 };
}
