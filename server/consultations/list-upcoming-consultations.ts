import "server-only";
import { sqlQuery } from "@/server/db";
import type { Actor } from "@/server/audit/actor";
import { auditEachRowSql } from "@/server/audit/record-audit";
import { visibleConsultationsSql } from "@/server/access/consultation-access";
import type { ConsultationStatus, SessionStatus } from "@/server/generated/prisma/enums";
import { Prisma } from "@/server/generated/prisma/client";
import { joinWindowPolicy } from "@/server/join-links/join-window-policy";

export interface ListUpcomingOptions {
  actor: Actor;
  /** Start of the range; defaults to one hour ago so a late or running consultation still shows. */
  from?: Date;
  days: number;
}

interface Row {
  id: string;
  visitId: string;
  scheduledStart: Date;
  durationMinutes: number;
  status: ConsultationStatus;
  reason: string | null;
  patientId: string;
  givenName: string;
  familyName: string;
  clinicianId: string;
  clinicianName: string | null;
  clinicianTitle: string | null;
  sessionId: string | null;
  sessionStatus: SessionStatus | null;
  arrivedAt: Date | null;
  admittedAt: Date | null;
}

/**
 * The actor's consultations in a time range, soonest first, with the clinic's join-window
 * policy (each row's window follows from its scheduled start). Each row read is audited.
 */
export async function listUpcomingConsultations({ actor, from, days }: ListUpcomingOptions) {
  const start = from ?? new Date(Date.now() - 60 * 60_000);
  const end = new Date(start.getTime() + days * 24 * 60 * 60_000);
  // One statement, one round trip: the consultations with their patient, clinician, latest
  // session and the patient's presence in it, and (a data-modifying CTE) one
  // `consultation.list` audit row per consultation returned. The audit rows commit with the
  // read or the read fails: no row leaves without its audit row. The visibility rule is
  // `visibleConsultations` (server/access/), translated.
  const rows = await sqlQuery<Row>(Prisma.sql`
    WITH rows AS (
      SELECT c."id", c."visitId", c."scheduledStart", c."durationMinutes", c."status"::text AS "status", c."reason",
             p."id" AS "patientId", p."givenName", p."familyName",
             u."id" AS "clinicianId", u."name" AS "clinicianName", u."title" AS "clinicianTitle",
             s."id" AS "sessionId", s."status" AS "sessionStatus", sp."arrivedAt", sp."admittedAt"
        FROM "Consultation" c
        JOIN "Patient" p ON p."id" = c."patientId"
        JOIN "User" u ON u."id" = c."clinicianId"
        LEFT JOIN LATERAL (
          SELECT ts."id", ts."status"::text AS "status" FROM "TelemedicineSession" ts
           WHERE ts."consultationId" = c."id" ORDER BY ts."createdAt" DESC LIMIT 1
        ) s ON TRUE
        LEFT JOIN LATERAL (
          SELECT pp."arrivedAt", pp."admittedAt" FROM "SessionParticipant" pp
           WHERE pp."sessionId" = s."id" AND pp."role" = 'PATIENT' LIMIT 1
        ) sp ON TRUE
       WHERE ${visibleConsultationsSql(actor, "c")}
         AND c."scheduledStart" >= ${start} AND c."scheduledStart" < ${end}
         AND c."status" <> 'CANCELLED'
       ORDER BY c."scheduledStart", c."id"
       LIMIT 200
    ), audit AS (
      ${auditEachRowSql(actor, { action: "consultation.list", entityType: "Consultation" }, { rows: "rows", entityId: `rows."id"`, patientId: `rows."patientId"`, orderBy: `rows."scheduledStart", rows."id"` })}
    )
    SELECT * FROM rows ORDER BY "scheduledStart", "id"`);
  const consultations = rows.map((r) => ({
    id: r.id,
    visitId: r.visitId,
    scheduledStart: r.scheduledStart,
    durationMinutes: r.durationMinutes,
    status: r.status,
    reason: r.reason,
    patient: { id: r.patientId, name: `${r.givenName} ${r.familyName}` },
    clinician: { id: r.clinicianId, name: [r.clinicianTitle, r.clinicianName].filter(Boolean).join(" ") },
    session: r.sessionId ? { id: r.sessionId, status: r.sessionStatus! } : null,
    patientArrivedAt: r.arrivedAt && !r.admittedAt ? r.arrivedAt : null,
  }));
  return { joinWindowPolicy: joinWindowPolicy(), consultations };
}
