import "server-only";
import { findSessionAsParticipant } from "@/server/access/session-access";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import type { ChatMessageView } from "./send-chat-message";

/** Longest chat history returned at once (the latest messages). */
export const CHAT_HISTORY_LIMIT = 500;

/**
 * A session's chat, oldest first, for its participants. Clients call it on opening the
 * call and again whenever realtime delivery may have missed something (reconnect).
 */
export async function listChatMessages({ actor, sessionId }: { actor: Actor; sessionId: string }): Promise<ChatMessageView[]> {
  const session = await findSessionAsParticipant(db, actor, sessionId, "chat.list");
  return db.$transaction(async (tx) => {
    const rows = await tx.chatMessage.findMany({
      where: { sessionId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: CHAT_HISTORY_LIMIT,
      select: {
        id: true,
        sessionId: true,
        senderId: true,
        body: true,
        createdAt: true,
        sender: { select: { name: true, title: true, participations: { where: { sessionId }, select: { displayName: true } } } },
      },
    });
    await recordAudit(tx, actor, {
      action: "chat.list",
      entityType: "TelemedicineSession",
      entityId: sessionId,
      patientId: session.patientId,
      metadata: { count: rows.length },
    });
    return rows.reverse().map(({ sender, ...message }) => ({
      ...message,
      senderName: sender.participations[0]?.displayName.trim() || [sender.title, sender.name].filter(Boolean).join(" ").trim() || "Participant",
    }));
  });
}
