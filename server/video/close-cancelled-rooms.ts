import "server-only";
import { db } from "@/server/db";
import { getVideoProvider } from "@/server/integrations/video";
import { errorForLog, logger } from "@/server/logger";

/**
 * A consultation was cancelled or marked a no-show: its sessions' media rooms are closed, so
 * anyone still connected while waiting (LiveKit waiting connections, see
 * server/sessions/issue-waiting-connection.ts) is disconnected. Best effort, after commit:
 * a failure is logged and never undoes the cancellation (LiveKit closes an empty room itself).
 */
export async function closeCancelledRooms(consultationIds: string[]) {
  const video = getVideoProvider();
  if (!video.capabilities.serverRooms || consultationIds.length === 0) return;
  const sessions = await db.telemedicineSession.findMany({
    where: { consultationId: { in: consultationIds }, status: "CANCELLED" },
    select: { id: true, roomName: true },
  });
  for (const s of sessions) {
    await video
      .closeRoom({ roomName: s.roomName })
      .catch((error: unknown) => logger.warn({ error: errorForLog(error), sessionId: s.id }, "video.close_room_failed"));
  }
}
