import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { assertNotFinished, assertRole, loadSession, participantName } from "./session-context";

/** A participant agrees, at the device check, to this session being recorded. */
export async function giveRecordingConsent({ actor, sessionId, now = new Date() }: { actor: Actor; sessionId: string; now?: Date }) {
  return db.$transaction(async (tx) => {
    const { session, role } = await loadSession(tx, actor, sessionId, "session.recording_consent");
    assertRole(role, ["CLINICIAN", "PATIENT", "GUEST"], "people in this call");
    assertNotFinished(session);
    const me = session.participants.find((p) => p.userId === actor.userId);
    if (me?.recordingConsentAt) return { consentedAt: me.recordingConsentAt };
    await tx.sessionParticipant.upsert({
      where: { sessionId_userId: { sessionId, userId: actor.userId } },
      create: { sessionId, userId: actor.userId, role, displayName: participantName(session, role, me), recordingConsentAt: now },
      update: { recordingConsentAt: now },
    });
    await recordAudit(tx, actor, {
      action: "session.recording_consent",
      entityType: "TelemedicineSession",
      entityId: sessionId,
      patientId: session.visit.patientId,
    });
    return { consentedAt: now };
  });
}
