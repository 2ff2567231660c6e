// `GET [base]/Patient/{id}/$everything`: the patient's whole Bedside record the caller may
// see, as one searchset Bundle — the patient, their encounters (visits), appointments
// (consultations), the clinicians those name, every vital-sign and NEWS2 Observation, vitals
// alerts (care team only) and bill lines. One audit row for the read.
import "server-only";
import type { Bundle, Resource } from "@medplum/fhirtypes";
import { env } from "@/env";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { FhirCaller } from "./ehr-tokens";
import { findFhirPatient, readEntry, visiblePractitioners, visibleVisits } from "@/server/access/fhir-access";
import {
  appointmentSelect,
  chargeItemSelect,
  detectedIssueSelect,
  encounterSelect,
  observationRowSelect,
  patientSelect,
  practitionerSelect,
  toAppointment,
  toChargeItem,
  toDetectedIssue,
  toEncounter,
  toObservations,
  toPatient,
  toPractitioner,
} from "./resources";
import { fhirBaseUrl, searchBundle } from "./search-fhir-resources";
import { FhirSearchError } from "./search-params";

/** Above this many stored reading sets, $everything refuses and points at Observation paging. */
export const EVERYTHING_MAX_READING_SETS = 5000;

export async function getPatientEverything({ caller, patientId, params }: { caller: FhirCaller; patientId: string; params: URLSearchParams }): Promise<Bundle> {
  const unsupported = [...params.keys()][0];
  if (unsupported) throw new FhirSearchError(`The parameter "${unsupported}" is not supported for $everything, which takes none.`);
  const ctx = { appUrl: env.APP_URL };
  return db.$transaction(async (tx) => {
    const patient = await findFhirPatient(tx, caller, patientId, patientSelect);
    const readings = await tx.vitalObservation.count({ where: { patientId: patient.id } });
    if (readings > EVERYTHING_MAX_READING_SETS) {
      throw new AppError(
        "BAD_REQUEST",
        `This patient has ${readings} sets of vital readings, too many for one $everything Bundle. Read the other resources here and page through Observation?patient=${patient.id}&_count=200 for the vitals.`,
        { reason: "too_large" },
      );
    }
    const staff = caller.actor.role === "CLINICIAN" || caller.actor.role === "ADMIN";
    const ownVisits = { AND: [{ patientId: patient.id }, visibleVisits(caller.actor)] };
    // One after another: queries on a transaction's single connection cannot overlap.
    const visits = await tx.visit.findMany({ where: ownVisits, orderBy: [{ openedAt: "asc" }, { id: "asc" }], select: encounterSelect });
    const consultations = await tx.consultation.findMany({
      where: { patientId: patient.id, visit: visibleVisits(caller.actor) },
      orderBy: [{ scheduledStart: "asc" }, { id: "asc" }],
      select: appointmentSelect,
    });
    const observations = await tx.vitalObservation.findMany({
      where: { patientId: patient.id },
      orderBy: [{ observedAt: "asc" }, { id: "asc" }],
      select: observationRowSelect,
    });
    // Alerts are for the care team, as in the app.
    const alerts = staff
      ? await tx.vitalAlert.findMany({ where: { patientId: patient.id }, orderBy: [{ raisedAt: "asc" }, { id: "asc" }], select: detectedIssueSelect })
      : [];
    const charges = await tx.charge.findMany({ where: { visit: ownVisits }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: chargeItemSelect });
    const clinicianIds = [
      ...new Set([
        ...visits.map((v) => v.clinicianId),
        ...consultations.map((c) => c.clinicianId),
        ...visits.flatMap((v) => v.sessions.flatMap((s) => s.participants.filter((p) => p.role === "CLINICIAN").map((p) => p.userId))),
      ]),
    ];
    const practitioners = clinicianIds.length
      ? await tx.user.findMany({
          where: { AND: [{ id: { in: clinicianIds } }, visiblePractitioners(caller)] },
          orderBy: { id: "asc" },
          select: practitionerSelect,
        })
      : [];
    const resources: Resource[] = [
      toPatient(patient, ctx),
      ...practitioners.map(toPractitioner),
      ...visits.map(toEncounter),
      ...consultations.map(toAppointment),
      ...observations.flatMap((o) => toObservations(o)),
      ...alerts.map((a) => toDetectedIssue(a, ctx)),
      ...charges.map((c) => toChargeItem(c, ctx)),
    ];
    await recordAudit(tx, caller.auditActor, {
      ...readEntry("Patient", patient.id, patient.id, { operation: "$everything", returned: resources.length }),
      action: "fhir.everything",
    });
    return searchBundle(resources, resources.length, [{ relation: "self", url: `${fhirBaseUrl()}/Patient/${patient.id}/$everything` }]);
  });
}
