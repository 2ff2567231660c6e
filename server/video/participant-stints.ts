import "server-only";
import { randomBytes } from "node:crypto";
import type { Tx } from "@/server/db";

// Join and leave times per connection ("stint"), keyed by the provider's connection id
// (LiveKit participant sid, P2P peer id). Written with INSERT ... ON CONFLICT so a join and
// a leave for the same connection can arrive in either order, or at the same moment, and
// still end as one row: the earliest join, the first leave, connected if either says so.

/** Same shape as Prisma's cuid ids (lower-case letters and digits). */
const newId = () => `c${randomBytes(12).toString("hex")}`;

export interface StintJoin {
  participantId: string;
  connectionId: string;
  joinedAt: Date;
  /** Media actually connected (false for a connection attempt that was aborted). */
  connected: boolean;
}

export async function recordStintJoined(tx: Tx, join: StintJoin): Promise<void> {
  const connectedAt = join.connected ? join.joinedAt : null;
  // A join that starts after the stint's recorded leave is the same join coming back: LiveKit,
  // when it cannot resume a dropped connection, replaces the participant (left, then joined
  // under a new sid with the same join token), and the person never left the call. A replayed
  // or late join of the first connection started before that leave and changes nothing.
  // Leave times have one-second resolution (LiveKit's event time), hence the second's margin.
  await tx.$executeRaw`
    INSERT INTO "ParticipantStint" ("id", "participantId", "joinedAt", "connectionId", "connectedAt")
    VALUES (${newId()}, ${join.participantId}, ${join.joinedAt}, ${join.connectionId}, ${connectedAt})
    ON CONFLICT ("participantId", "connectionId") DO UPDATE
       SET "joinedAt" = LEAST("ParticipantStint"."joinedAt", EXCLUDED."joinedAt"),
           "connectedAt" = COALESCE("ParticipantStint"."connectedAt", EXCLUDED."connectedAt"),
           "leftAt" = CASE
             WHEN EXCLUDED."connectedAt" IS NOT NULL AND "ParticipantStint"."leftAt" IS NOT NULL
              AND EXCLUDED."joinedAt" >= "ParticipantStint"."leftAt" + interval '1 second' THEN NULL
             ELSE "ParticipantStint"."leftAt" END`;
  if (join.connected) {
    // LEAST ignores NULL: the first join ever, whatever order events arrive in.
    await tx.$executeRaw`
      UPDATE "SessionParticipant" SET "firstJoinedAt" = LEAST("firstJoinedAt", ${join.joinedAt})
       WHERE "id" = ${join.participantId}`;
  }
}

export async function recordStintLeft(tx: Tx, leave: StintJoin & { leftAt: Date }): Promise<void> {
  const connectedAt = leave.connected ? leave.joinedAt : null;
  await tx.$executeRaw`
    INSERT INTO "ParticipantStint" ("id", "participantId", "joinedAt", "connectionId", "connectedAt", "leftAt")
    VALUES (${newId()}, ${leave.participantId}, ${leave.joinedAt}, ${leave.connectionId}, ${connectedAt}, ${leave.leftAt})
    ON CONFLICT ("participantId", "connectionId") DO UPDATE
       SET "leftAt" = COALESCE("ParticipantStint"."leftAt", EXCLUDED."leftAt"),
           "joinedAt" = LEAST("ParticipantStint"."joinedAt", EXCLUDED."joinedAt"),
           "connectedAt" = COALESCE("ParticipantStint"."connectedAt", EXCLUDED."connectedAt")`;
  // A lost join event still leaves a first-join time behind.
  await tx.$executeRaw`
    UPDATE "SessionParticipant"
       SET "lastLeftAt" = GREATEST("lastLeftAt", ${leave.leftAt}),
           "firstJoinedAt" = CASE WHEN ${leave.connected} THEN LEAST("firstJoinedAt", ${leave.joinedAt}) ELSE "firstJoinedAt" END
     WHERE "id" = ${leave.participantId}`;
}
