import "server-only";
import { createEvent } from "@/lib/realtime/events";
import { findSessionAsParticipant } from "@/server/access/session-access";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { publishAfterCommit } from "@/server/realtime/publish";

export interface SendChatMessageOptions {
  actor: Actor;
  sessionId: string;
  /** Already trimmed and length-checked by the transport schema. */
  body: string;
}

export interface ChatMessageView {
  id: string;
  sessionId: string;
  senderId: string;
  senderName: string;
  body: string;
  createdAt: Date;
}

/**
 * Posts an in-call chat message: stored on the session (part of the visit's record) and
 * delivered live on the session channel once committed. Participants only, and only
 * while the session has not ended.
 */
export async function sendChatMessage({ actor, sessionId, body }: SendChatMessageOptions): Promise<ChatMessageView> {
  const message = await db.$transaction(async (tx) => {
    const session = await findSessionAsParticipant(tx, actor, sessionId, "chat.send");
    if (session.status === "COMPLETED" || session.status === "CANCELLED") {
      throw new AppError("PRECONDITION_FAILED", "This session has ended, so its chat is closed. Your message was not sent.", {
        reason: "session_ended",
      });
    }
    const created = await tx.chatMessage.create({
      data: { sessionId, senderId: actor.userId, body },
      select: { id: true, sessionId: true, senderId: true, body: true, createdAt: true },
    });
    await recordAudit(tx, actor, {
      action: "chat.send",
      entityType: "ChatMessage",
      entityId: created.id,
      patientId: session.patientId,
      metadata: { sessionId },
    });
    return { ...created, senderName: session.displayName };
  });

  publishAfterCommit([
    createEvent("chat.message", sessionId, {
      id: message.id,
      sessionId,
      senderId: message.senderId,
      senderName: message.senderName,
      body: message.body,
      createdAt: message.createdAt.toISOString(),
    }),
  ]);
  return message;
}
