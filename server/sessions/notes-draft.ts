import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { assertNotFinished, assertRole, loadSession } from "./session-context";

/**
 * The clinician's notes typed during the call, kept on the session as they type so a reload
 * or a crashed tab loses nothing; End session turns them into the record's notes.
 */
export async function getNotesDraft({ actor, sessionId }: { actor: Actor; sessionId: string }) {
  return db.$transaction(async (tx) => {
    const { session, role } = await loadSession(tx, actor, sessionId, "session.notes_draft.read");
    assertRole(role, ["CLINICIAN"], "the visit's clinician");
    const row = await tx.telemedicineSession.findUniqueOrThrow({ where: { id: sessionId }, select: { notesDraft: true, notesDraftSavedAt: true } });
    await recordAudit(tx, actor, {
      action: "session.notes_draft.read",
      entityType: "TelemedicineSession",
      entityId: sessionId,
      patientId: session.visit.patientId,
    });
    return { notes: row.notesDraft ?? "", savedAt: row.notesDraftSavedAt };
  });
}

export async function saveNotesDraft({ actor, sessionId, notes, now = new Date() }: { actor: Actor; sessionId: string; notes: string; now?: Date }) {
  return db.$transaction(async (tx) => {
    const { session, role } = await loadSession(tx, actor, sessionId, "session.notes_draft.save");
    assertRole(role, ["CLINICIAN"], "the visit's clinician");
    assertNotFinished(session);
    // Only while the session can still change (End session completes it in one step).
    const saved = await tx.telemedicineSession.updateMany({
      where: { id: sessionId, status: { in: ["SCHEDULED", "IN_PROGRESS"] } },
      data: { notesDraft: notes.length ? notes : null, notesDraftSavedAt: now },
    });
    if (saved.count === 0)
      throw new AppError("PRECONDITION_FAILED", "This session has already ended; its notes can no longer change.", { reason: "session_completed" });
    await recordAudit(tx, actor, {
      action: "session.notes_draft.save",
      entityType: "TelemedicineSession",
      entityId: sessionId,
      patientId: session.visit.patientId,
    });
    return { savedAt: now };
  });
}
