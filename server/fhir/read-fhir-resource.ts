// `GET [base]/{type}/{id}`: one resource, looked up through the caller's visibility (someone
// else's record answers exactly like a missing one) and audited in the same transaction.
import "server-only";
import type { Resource } from "@medplum/fhirtypes";
import { env } from "@/env";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { requireRole } from "@/server/access/roles";
import type { FhirCaller } from "./ehr-tokens";
import { findFhirPatient, notFoundFor, readEntry, visiblePatients, visiblePractitioners, visibleVisits } from "@/server/access/fhir-access";
import {
  appointmentSelect,
  chargeItemSelect,
  detectedIssueSelect,
  encounterSelect,
  observationRowSelect,
  parseObservationId,
  patientSelect,
  practitionerSelect,
  toAppointment,
  toChargeItem,
  toDetectedIssue,
  toEncounter,
  toObservation,
  hasKind,
  toPatient,
  toPractitioner,
} from "./resources";

export const READABLE_TYPES = ["Patient", "Practitioner", "Appointment", "Encounter", "Observation", "DetectedIssue", "ChargeItem"] as const;
export type ReadableType = (typeof READABLE_TYPES)[number];

export function isReadableType(type: string): type is ReadableType {
  return (READABLE_TYPES as readonly string[]).includes(type);
}

export async function readFhirResource({ caller, type, id }: { caller: FhirCaller; type: ReadableType; id: string }): Promise<Resource> {
  const ctx = { appUrl: env.APP_URL };
  const audit = caller.auditActor;
  return db.$transaction(async (tx) => {
    switch (type) {
      case "Patient": {
        const p = await findFhirPatient(tx, caller, id, patientSelect);
        await recordAudit(tx, audit, readEntry("Patient", p.id, p.id));
        return toPatient(p, ctx);
      }
      case "Practitioner": {
        const u = await tx.user.findFirst({ where: { AND: [{ id }, visiblePractitioners(caller)] }, select: practitionerSelect });
        // Practitioners are not patient information: a refusal is the same 404 without a trail entry.
        if (!u) throw notFoundFor(caller, "Practitioner", id, null, false);
        await recordAudit(tx, audit, readEntry("Practitioner", u.id, null));
        return toPractitioner(u);
      }
      case "Appointment": {
        const c = await tx.consultation.findFirst({ where: { id, visit: visibleVisits(caller.actor) }, select: appointmentSelect });
        if (!c) {
          const other = await tx.consultation.findUnique({ where: { id }, select: { patientId: true } });
          throw notFoundFor(caller, "Appointment", id, other?.patientId, other !== null);
        }
        await recordAudit(tx, audit, readEntry("Appointment", c.id, c.patientId));
        return toAppointment(c);
      }
      case "Encounter": {
        const v = await tx.visit.findFirst({ where: { AND: [{ id }, visibleVisits(caller.actor)] }, select: encounterSelect });
        if (!v) {
          const other = await tx.visit.findUnique({ where: { id }, select: { patientId: true } });
          throw notFoundFor(caller, "Encounter", id, other?.patientId, other !== null);
        }
        await recordAudit(tx, audit, readEntry("Encounter", v.id, v.patientId));
        return toEncounter(v);
      }
      case "Observation": {
        const parsed = parseObservationId(id);
        const row = parsed
          ? await tx.vitalObservation.findFirst({ where: { id: parsed.rowId, patient: visiblePatients(caller.actor) }, select: observationRowSelect })
          : null;
        if (!parsed || !row || !hasKind(row, parsed.kind)) {
          const other = parsed ? await tx.vitalObservation.findUnique({ where: { id: parsed.rowId }, select: { patientId: true } }) : null;
          throw notFoundFor(caller, "Observation", id, other?.patientId, other !== null && !row);
        }
        await recordAudit(tx, audit, readEntry("Observation", id, row.patientId));
        return toObservation(row, parsed.kind);
      }
      case "DetectedIssue": {
        const a = await tx.vitalAlert.findFirst({ where: { id, patient: visiblePatients(caller.actor) }, select: detectedIssueSelect });
        if (!a) {
          const other = await tx.vitalAlert.findUnique({ where: { id }, select: { patientId: true } });
          throw notFoundFor(caller, "DetectedIssue", id, other?.patientId, other !== null);
        }
        // The same rule as the app's alert lists: alerts are for the care team.
        requireRole(caller.actor, ["CLINICIAN", "ADMIN"], { ...readEntry("DetectedIssue", a.id, a.patientId) }, "Vitals alerts are for the care team.");
        await recordAudit(tx, audit, readEntry("DetectedIssue", a.id, a.patientId));
        return toDetectedIssue(a, ctx);
      }
      case "ChargeItem": {
        const c = await tx.charge.findFirst({ where: { id, visit: visibleVisits(caller.actor) }, select: chargeItemSelect });
        if (!c) {
          const other = await tx.charge.findUnique({ where: { id }, select: { visit: { select: { patientId: true } } } });
          throw notFoundFor(caller, "ChargeItem", id, other?.visit.patientId, other !== null);
        }
        await recordAudit(tx, audit, readEntry("ChargeItem", c.id, c.visit.patientId));
        return toChargeItem(c, ctx);
      }
      default:
        throw new AppError("NOT_FOUND", `Bedside does not serve ${String(type)} resources. See [base]/metadata for what is supported.`, {
          reason: "unsupported_type",
        });
    }
  });
}
