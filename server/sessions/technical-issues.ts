import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { notFound } from "@/server/errors";
import type { Prisma } from "@/server/generated/prisma/client";
import type { IssueCategory } from "@/server/generated/prisma/enums";
import { assertRole, loadSession } from "./session-context";

export interface ReportIssueOptions {
  actor: Actor;
  sessionId: string;
  category: IssueCategory;
  description: string;
  userAgent?: string;
  device?: string;
  /** Recent connection statistics captured by the call (RTT, jitter, packet loss…). */
  connectionStats?: Prisma.InputJsonValue;
}

/** Someone in the call reports a problem; the call's recent statistics are attached. */
export async function reportTechnicalIssue({ actor, sessionId, category, description, userAgent, device, connectionStats }: ReportIssueOptions) {
  return db.$transaction(async (tx) => {
    const { session, role } = await loadSession(tx, actor, sessionId, "issue.report");
    assertRole(role, ["CLINICIAN", "PATIENT", "GUEST"], "people in this call");
    const issue = await tx.technicalIssue.create({
      data: { sessionId, reporterId: actor.userId, category, description: description.trim(), userAgent, device, connectionStats },
      select: { id: true, createdAt: true, status: true },
    });
    await recordAudit(tx, actor, {
      action: "issue.report",
      entityType: "TechnicalIssue",
      entityId: issue.id,
      patientId: session.visit.patientId,
      metadata: { category },
    });
    return issue;
  });
}

/** An admin marks a technical issue resolved with a note. */
export async function resolveTechnicalIssue({ actor, issueId, note, now = new Date() }: { actor: Actor; issueId: string; note: string; now?: Date }) {
  return db.$transaction(async (tx) => {
    const issue = await tx.technicalIssue.findUnique({
      where: { id: issueId },
      select: { id: true, status: true, session: { select: { visit: { select: { patientId: true } } } } },
    });
    if (!issue || actor.role !== "ADMIN") throw notFound("Technical issue");
    const updated = await tx.technicalIssue.update({
      where: { id: issueId },
      data: { status: "RESOLVED", resolvedAt: now, resolvedById: actor.userId, resolutionNote: note.trim() },
      select: { id: true, status: true, resolvedAt: true },
    });
    await recordAudit(tx, actor, { action: "issue.resolve", entityType: "TechnicalIssue", entityId: issueId, patientId: issue.session.visit.patientId });
    return updated;
  });
}
