import "server-only";
import { CHAT_BODY_MAX, createEvent } from "@/lib/realtime/events";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { publishAfterCommit } from "@/server/realtime/publish";
import { assertNotFinished, assertRole, loadSession } from "./session-context";

/** A chat message in the call: stored with the session, delivered live to the others. */
export async function sendChatMessage({ actor, sessionId, body, now = new Date() }: { actor: Actor; sessionId: string; body: string; now?: Date }) {
  const text = body.trim();
  if (!text) throw new AppError("BAD_REQUEST", "Type a message first.", { reason: "empty_message" });
  if (text.length > CHAT_BODY_MAX) throw new AppError("BAD_REQUEST", `Messages can be at most ${CHAT_BODY_MAX} characters.`, { reason: "message_too_long" });
  const message = await db.$transaction(async (tx) => {
    const { session, role } = await loadSession(tx, actor, sessionId, "chat.send");
    assertRole(role, ["CLINICIAN", "PATIENT", "GUEST"], "people in this call");
    assertNotFinished(session);
    const me = session.participants.find((p) => p.userId === actor.userId);
    const m = await tx.chatMessage.create({ data: { sessionId, senderId: actor.userId, body: text, createdAt: now }, select: { id: true, createdAt: true } });
    await recordAudit(tx, actor, { action: "chat.send", entityType: "ChatMessage", entityId: m.id, patientId: session.visit.patientId });
    return { id: m.id, sessionId, senderId: actor.userId, senderName: me?.displayName ?? "Participant", body: text, createdAt: m.createdAt };
  });
  publishAfterCommit([createEvent("chat.message", sessionId, { ...message, createdAt: message.createdAt.toISOString() })]);
  return message;
}

/** The session's chat history (participants and admins). */
export async function listChatMessages({ actor, sessionId }: { actor: Actor; sessionId: string }) {
  return db.$transaction(async (tx) => {
    const { session } = await loadSession(tx, actor, sessionId, "chat.read");
    const rows = await tx.chatMessage.findMany({
      where: { sessionId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: 1000,
      select: { id: true, senderId: true, body: true, createdAt: true },
    });
    await recordAudit(tx, actor, { action: "chat.read", entityType: "TelemedicineSession", entityId: sessionId, patientId: session.visit.patientId });
    const names = new Map(session.participants.map((p) => [p.userId, p.displayName]));
    return rows.map((r) => ({ ...r, sessionId, senderName: names.get(r.senderId) ?? "Participant" }));
  });
}
