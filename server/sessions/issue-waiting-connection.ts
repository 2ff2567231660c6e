import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { getVideoProvider } from "@/server/integrations/video";
import { assertMayEnter, assertNotFinished, assertRole, loadSession, participantName } from "./session-context";

/**
 * A connection to the call's media room for someone not yet in the call — the patient or a
 * guest in the waiting room, the clinician in the lobby — so that admission starts the call
 * on a connection that is already up instead of connecting then. Asked for alongside
 * `arriveInWaitingRoom`, so it is up by the time the clinician sees them waiting. The connection has no
 * rights at all: nobody sees it, it receives nothing and the media server refuses anything it
 * publishes; it is not a join (no stint, no "joined" record). Admission (`joinSession` with
 * `waitingConnected`) grants the call's rights on it. Only for providers with waiting
 * connections (LiveKit); the others connect on admission.
 */
export async function issueWaitingConnection({ actor, sessionId, now = new Date() }: { actor: Actor; sessionId: string; now?: Date }) {
  const { session, role } = await loadSession(db, actor, sessionId, "session.wait_connect");
  assertRole(role, ["CLINICIAN", "PATIENT", "GUEST"], "the clinician, the patient and invited guests");
  assertNotFinished(session);
  const me = session.participants.find((p) => p.userId === actor.userId);
  assertMayEnter(session, role, me, now);
  // Whoever may already be in the call joins it directly: a waiting connection under the same
  // identity would push their live connection (another device) out of the call.
  const admitted = role === "CLINICIAN" || role === "PATIENT" || Boolean(me?.admittedAt);
  if (session.status === "IN_PROGRESS" && admitted) {
    throw new AppError("PRECONDITION_FAILED", "The call is running: join it directly.", { reason: "already_admitted" });
  }
  const video = getVideoProvider();
  if (!video.capabilities.waitingConnections) {
    throw new AppError("PRECONDITION_FAILED", "This clinic's calls connect when you are let in.", { reason: "waiting_connection_unsupported" });
  }
  const connection = await video.waitingConnectionDetails({
    roomName: session.roomName,
    sessionId,
    identity: actor.userId,
    displayName: participantName(session, role, me),
    role,
  });
  await recordAudit(db, actor, {
    action: "session.wait_connect",
    entityType: "TelemedicineSession",
    entityId: sessionId,
    patientId: session.visit.patientId,
  });
  return { connection };
}
