// Bedside records as FHIR R4 resources. Pure functions over Prisma rows (selected with the
// `*Select` objects beside them), so every read path — by id, search, $everything — emits
// exactly the same shape. Terminology choices are explained in README "FHIR R4 API".
import "server-only";
import type {
  Appointment,
  ChargeItem,
  DetectedIssue,
  Encounter,
  EncounterParticipant,
  Money,
  Observation,
  ObservationComponent,
  Patient,
  Practitioner,
  Quantity,
  Reference,
} from "@medplum/fhirtypes";
import { CONSCIOUSNESS_LABELS, VITALS, type ConsciousnessValue } from "@/lib/vitals/parameters";
import type { Prisma } from "@/server/generated/prisma/client";
import type { ConsultationStatus } from "@/server/generated/prisma/enums";
import { readDetail } from "@/server/vitals/alert-view";

export const LOINC = "http://loinc.org";
export const SNOMED = "http://snomed.info/sct";
export const UCUM = "http://unitsofmeasure.org";
const OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
const ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
const PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";

/** NEWS2 total score: SNOMED CT UK edition, as NHS FHIR profiles use (no verifiable LOINC code exists; see README). */
export const NEWS2_SNOMED = "1104051000000101";
export const NEWS2_DISPLAY = "Royal College of Physicians NEWS2 (National Early Warning Score 2) total score";
export const BP_PANEL_LOINC = "85354-9";
/** The LOINC code the HL7 oxygen saturation profile requires; Bedside's pulse-oximetry code rides along. */
const OXYGEN_SATURATION_LOINC = "2708-6";

/** Identifier systems for Bedside's own codes, under the clinic's public URL. */
export function bedsideSystems(appUrl: string) {
  const base = appUrl.replace(/\/+$/, "");
  return {
    mrn: `${base}/fhir/sid/mrn`,
    serviceCatalog: `${base}/fhir/CodeSystem/service-catalog`,
    vitalAlert: `${base}/fhir/CodeSystem/vital-alert`,
  };
}

export interface MapContext {
  appUrl: string;
}

// Typed loosely on purpose: which resource types a reference may point at is checked by the
// FHIR validator in the tests, not by TypeScript.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- reference targets are checked by the FHIR validator in tests
const ref = (type: string, id: string, display?: string | null): Reference<any> =>
  display ? { reference: `${type}/${id}`, display } : { reference: `${type}/${id}` };
const iso = (d: Date) => d.toISOString();

// ───────────────────────────── Patient ─────────────────────────────

export const patientSelect = {
  id: true,
  mrn: true,
  givenName: true,
  familyName: true,
  dateOfBirth: true,
  sex: true,
  phone: true,
  email: true,
  updatedAt: true,
} satisfies Prisma.PatientSelect;
export type PatientRow = Prisma.PatientGetPayload<{ select: typeof patientSelect }>;

const GENDER = { FEMALE: "female", MALE: "male", OTHER: "other", UNKNOWN: "unknown" } as const;

export function toPatient(p: PatientRow, ctx: MapContext): Patient {
  const telecom: Patient["telecom"] = [];
  if (p.phone) telecom.push({ system: "phone", value: p.phone });
  if (p.email) telecom.push({ system: "email", value: p.email });
  return {
    resourceType: "Patient",
    id: p.id,
    meta: { lastUpdated: iso(p.updatedAt) },
    identifier: [
      {
        use: "usual",
        type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0203", code: "MR" }] },
        system: bedsideSystems(ctx.appUrl).mrn,
        value: p.mrn,
      },
    ],
    active: true,
    name: [{ use: "official", family: p.familyName, given: [p.givenName] }],
    gender: GENDER[p.sex],
    birthDate: p.dateOfBirth.toISOString().slice(0, 10),
    ...(telecom.length ? { telecom } : {}),
  };
}

// ───────────────────────────── Practitioner ─────────────────────────────

export const practitionerSelect = { id: true, name: true, title: true, email: true, deactivatedAt: true, updatedAt: true } satisfies Prisma.UserSelect;
export type PractitionerRow = Prisma.UserGetPayload<{ select: typeof practitionerSelect }>;

export function toPractitioner(u: PractitionerRow): Practitioner {
  const text = [u.title, u.name].filter(Boolean).join(" ").trim();
  return {
    resourceType: "Practitioner",
    id: u.id,
    meta: { lastUpdated: iso(u.updatedAt) },
    active: u.deactivatedAt === null,
    ...(text ? { name: [{ text, ...(u.title ? { prefix: [u.title] } : {}) }] } : {}),
    telecom: [{ system: "email", value: u.email, use: "work" }],
  };
}

// ───────────────────────────── Appointment (Consultation) ─────────────────────────────

export const appointmentSelect = {
  id: true,
  patientId: true,
  clinicianId: true,
  visitId: true,
  scheduledStart: true,
  scheduledEnd: true,
  durationMinutes: true,
  status: true,
  reason: true,
  cancelReason: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.ConsultationSelect;
export type AppointmentRow = Prisma.ConsultationGetPayload<{ select: typeof appointmentSelect }>;

const APPOINTMENT_STATUS: Record<ConsultationStatus, Appointment["status"]> = {
  SCHEDULED: "booked",
  WAITING: "arrived",
  IN_PROGRESS: "arrived",
  COMPLETED: "fulfilled",
  CANCELLED: "cancelled",
  NO_SHOW: "noshow",
};

export function toAppointment(c: AppointmentRow): Appointment {
  const participantStatus = c.status === "CANCELLED" ? "declined" : "accepted";
  return {
    resourceType: "Appointment",
    id: c.id,
    meta: { lastUpdated: iso(c.updatedAt) },
    status: APPOINTMENT_STATUS[c.status],
    ...(c.status === "CANCELLED" && c.cancelReason ? { cancelationReason: { text: c.cancelReason } } : {}),
    serviceType: [{ text: "Telemedicine video consultation" }],
    ...(c.reason ? { reasonCode: [{ text: c.reason }] } : {}),
    start: iso(c.scheduledStart),
    end: iso(c.scheduledEnd),
    minutesDuration: c.durationMinutes,
    created: iso(c.createdAt),
    participant: [
      { actor: ref("Patient", c.patientId), required: "required", status: participantStatus },
      { actor: ref("Practitioner", c.clinicianId), required: "required", status: participantStatus },
    ],
  };
}

// ───────────────────────────── Encounter (Visit) ─────────────────────────────

export const encounterSelect = {
  id: true,
  patientId: true,
  clinicianId: true,
  status: true,
  chiefComplaint: true,
  openedAt: true,
  closedAt: true,
  updatedAt: true,
  consultations: { select: { id: true, status: true }, orderBy: { scheduledStart: "asc" } },
  sessions: {
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      status: true,
      startedAt: true,
      endedAt: true,
      participants: { orderBy: { createdAt: "asc" }, select: { userId: true, role: true, displayName: true, firstJoinedAt: true, lastLeftAt: true } },
    },
  },
} satisfies Prisma.VisitSelect;
export type EncounterRow = Prisma.VisitGetPayload<{ select: typeof encounterSelect }>;

function encounterStatus(v: EncounterRow): Encounter["status"] {
  if (v.status === "CLOSED") return "finished";
  if (v.sessions.some((s) => s.status === "IN_PROGRESS")) return "in-progress";
  if (v.consultations.length > 0 && v.consultations.every((c) => c.status === "CANCELLED")) return "cancelled";
  if (v.sessions.some((s) => s.startedAt)) return "in-progress";
  return "planned";
}

function period(start: Date | null | undefined, end: Date | null | undefined) {
  if (!start && !end) return undefined;
  return { ...(start ? { start: iso(start) } : {}), ...(end ? { end: iso(end) } : {}) };
}

export function toEncounter(v: EncounterRow): Encounter {
  // The encounter's period is the video sessions' (first start → last end); a visit with no
  // session that started yet falls back to when it was opened and closed.
  const started = v.sessions.map((s) => s.startedAt).filter((d): d is Date => d !== null);
  const ended = v.sessions.map((s) => s.endedAt).filter((d): d is Date => d !== null);
  const start = started.length ? new Date(Math.min(...started.map((d) => d.getTime()))) : v.openedAt;
  const end = v.status === "CLOSED" ? (ended.length ? new Date(Math.max(...ended.map((d) => d.getTime()))) : v.closedAt) : null;

  const participant: EncounterParticipant[] = [];
  const seen = new Set<string>();
  const joined = (userId: string) => {
    const rows = v.sessions.flatMap((s) => s.participants.filter((p) => p.userId === userId));
    const first = rows.map((p) => p.firstJoinedAt).filter((d): d is Date => d !== null);
    const last = rows.map((p) => p.lastLeftAt).filter((d): d is Date => d !== null);
    return period(
      first.length ? new Date(Math.min(...first.map((d) => d.getTime()))) : null,
      last.length ? new Date(Math.max(...last.map((d) => d.getTime()))) : null,
    );
  };
  const clinicianPeriod = joined(v.clinicianId);
  participant.push({
    type: [{ coding: [{ system: PARTICIPATION_TYPE, code: "PPRF", display: "primary performer" }] }],
    individual: ref("Practitioner", v.clinicianId),
    ...(clinicianPeriod ? { period: clinicianPeriod } : {}),
  });
  seen.add(v.clinicianId);
  for (const s of v.sessions) {
    for (const p of s.participants) {
      if (seen.has(p.userId) || p.role === "PATIENT") continue;
      seen.add(p.userId);
      const when = joined(p.userId);
      // Guests (family, interpreters) have no FHIR resource of their own in Bedside: named only.
      participant.push({
        type: [
          {
            coding: [
              {
                system: PARTICIPATION_TYPE,
                code: p.role === "CLINICIAN" ? "SPRF" : "PART",
                display: p.role === "CLINICIAN" ? "secondary performer" : "Participation",
              },
            ],
          },
        ],
        individual: p.role === "CLINICIAN" ? ref("Practitioner", p.userId, p.displayName) : { display: p.displayName || "Guest" },
        ...(when ? { period: when } : {}),
      });
    }
  }
  const encounterPeriod = period(start, end);
  return {
    resourceType: "Encounter",
    id: v.id,
    meta: { lastUpdated: iso(v.updatedAt) },
    status: encounterStatus(v),
    class: { system: ACT_CODE, code: "VR", display: "virtual" },
    subject: ref("Patient", v.patientId),
    participant,
    ...(v.consultations.length ? { appointment: v.consultations.map((c) => ref("Appointment", c.id)) } : {}),
    ...(encounterPeriod ? { period: encounterPeriod } : {}),
    ...(v.chiefComplaint ? { reasonCode: [{ text: v.chiefComplaint }] } : {}),
  };
}

// ───────────────────────────── Observation (vital readings) ─────────────────────────────

export const observationRowSelect = {
  id: true,
  patientId: true,
  visitId: true,
  observedAt: true,
  receivedAt: true,
  heartRate: true,
  systolicBp: true,
  diastolicBp: true,
  respiratoryRate: true,
  spo2: true,
  supplementalOxygen: true,
  temperature: true,
  consciousness: true,
  news2Total: true,
  news2Risk: true,
  news2Complete: true,
} satisfies Prisma.VitalObservationSelect;
export type ObservationRow = Prisma.VitalObservationGetPayload<{ select: typeof observationRowSelect }>;

/**
 * One stored set of readings becomes one FHIR Observation per vital sign (blood pressure as
 * one panel) plus the NEWS2 score. The order is part of the paging cursor: never reorder.
 */
export const OBSERVATION_KINDS = ["hr", "bp", "rr", "spo2", "temp", "news2"] as const;
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];

export const VITAL_SIGN_KINDS: readonly ObservationKind[] = ["hr", "bp", "rr", "spo2", "temp"];

/** Which column says a row has a reading of this kind (NEWS2: only a complete score is exported). */
export const KIND_PRESENT: Record<ObservationKind, Prisma.VitalObservationWhereInput> = {
  hr: { heartRate: { not: null } },
  bp: { OR: [{ systolicBp: { not: null } }, { diastolicBp: { not: null } }] },
  rr: { respiratoryRate: { not: null } },
  spo2: { spo2: { not: null } },
  temp: { temperature: { not: null } },
  news2: { news2Complete: true },
};

/** Codes an `Observation?code=` search may name, per kind (system → codes). */
export const KIND_CODES: Record<ObservationKind, { system: string; code: string }[]> = {
  hr: [{ system: LOINC, code: VITALS.heartRate.loinc }],
  bp: [{ system: LOINC, code: BP_PANEL_LOINC }],
  rr: [{ system: LOINC, code: VITALS.respiratoryRate.loinc }],
  spo2: [
    { system: LOINC, code: OXYGEN_SATURATION_LOINC },
    { system: LOINC, code: VITALS.spo2.loinc },
  ],
  temp: [{ system: LOINC, code: VITALS.temperature.loinc }],
  news2: [{ system: SNOMED, code: NEWS2_SNOMED }],
};

export function kindOf(kind: string): ObservationKind | null {
  return (OBSERVATION_KINDS as readonly string[]).includes(kind) ? (kind as ObservationKind) : null;
}

export function observationId(rowId: string, kind: ObservationKind): string {
  return `${rowId}-${kind}`;
}

/** `<row id>-<kind>` → its parts, or null for an id Bedside never issued. */
export function parseObservationId(id: string): { rowId: string; kind: ObservationKind } | null {
  const at = id.lastIndexOf("-");
  if (at <= 0) return null;
  const kind = kindOf(id.slice(at + 1));
  return kind ? { rowId: id.slice(0, at), kind } : null;
}

export function hasKind(row: ObservationRow, kind: ObservationKind): boolean {
  switch (kind) {
    case "hr":
      return row.heartRate !== null;
    case "bp":
      return row.systolicBp !== null || row.diastolicBp !== null;
    case "rr":
      return row.respiratoryRate !== null;
    case "spo2":
      return row.spo2 !== null;
    case "temp":
      return row.temperature !== null;
    case "news2":
      return row.news2Complete;
  }
}

const VITAL_PROFILE: Record<Exclude<ObservationKind, "news2">, string> = {
  hr: "http://hl7.org/fhir/StructureDefinition/heartrate",
  bp: "http://hl7.org/fhir/StructureDefinition/bp",
  rr: "http://hl7.org/fhir/StructureDefinition/resprate",
  spo2: "http://hl7.org/fhir/StructureDefinition/oxygensat",
  temp: "http://hl7.org/fhir/StructureDefinition/bodytemp",
};

const quantity = (value: number, unit: string, code: string): Quantity => ({ value, unit, system: UCUM, code });

function vitalValue(key: "heartRate" | "respiratoryRate" | "spo2" | "temperature" | "systolicBp" | "diastolicBp", value: number): Quantity {
  const def = VITALS[key];
  return quantity(value, def.unitLabel, def.unit);
}

const RISK_TEXT = {
  LOW: "Low clinical risk",
  LOW_MEDIUM: "Low-medium clinical risk (a single parameter scoring 3)",
  MEDIUM: "Medium clinical risk",
  HIGH: "High clinical risk",
} as const;

export function toObservation(row: ObservationRow, kind: ObservationKind): Observation {
  const base = {
    resourceType: "Observation" as const,
    id: observationId(row.id, kind),
    meta: { lastUpdated: iso(row.receivedAt), ...(kind === "news2" ? {} : { profile: [VITAL_PROFILE[kind]] }) },
    status: "final" as const,
    subject: ref("Patient", row.patientId),
    ...(row.visitId ? { encounter: ref("Encounter", row.visitId) } : {}),
    effectiveDateTime: iso(row.observedAt),
    issued: iso(row.receivedAt),
  };
  const vitalCategory = [{ coding: [{ system: OBSERVATION_CATEGORY, code: "vital-signs", display: "Vital Signs" }], text: "Vital Signs" }];
  const code = (codes: { system: string; code: string }[], text: string) => ({ coding: codes.map((c) => ({ ...c })), text });
  switch (kind) {
    case "hr":
      return { ...base, category: vitalCategory, code: code(KIND_CODES.hr, VITALS.heartRate.label), valueQuantity: vitalValue("heartRate", row.heartRate!) };
    case "rr":
      return {
        ...base,
        category: vitalCategory,
        code: code(KIND_CODES.rr, VITALS.respiratoryRate.label),
        valueQuantity: vitalValue("respiratoryRate", row.respiratoryRate!),
      };
    case "spo2":
      return { ...base, category: vitalCategory, code: code(KIND_CODES.spo2, VITALS.spo2.label), valueQuantity: vitalValue("spo2", row.spo2!) };
    case "temp":
      return {
        ...base,
        category: vitalCategory,
        code: code(KIND_CODES.temp, VITALS.temperature.label),
        valueQuantity: vitalValue("temperature", Number(row.temperature)),
      };
    case "bp": {
      const component = (key: "systolicBp" | "diastolicBp", value: number | null): ObservationComponent => ({
        // No `text` here: the HL7 bp profile slices components on this exact CodeableConcept.
        code: { coding: [{ system: LOINC, code: VITALS[key].loinc }] },
        ...(value === null
          ? { dataAbsentReason: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/data-absent-reason", code: "not-performed" }] } }
          : { valueQuantity: vitalValue(key, value) }),
      });
      return {
        ...base,
        category: vitalCategory,
        code: code(KIND_CODES.bp, "Blood pressure panel"),
        component: [component("systolicBp", row.systolicBp), component("diastolicBp", row.diastolicBp)],
      };
    }
    case "news2": {
      const component: ObservationComponent[] = [];
      if (row.consciousness) {
        component.push({
          code: { text: "Level of consciousness (ACVPU)" },
          valueCodeableConcept: { text: CONSCIOUSNESS_LABELS[row.consciousness.toLowerCase() as ConsciousnessValue] },
        });
      }
      if (row.supplementalOxygen !== null) component.push({ code: { text: "On supplemental oxygen" }, valueBoolean: row.supplementalOxygen });
      return {
        ...base,
        category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: "survey", display: "Survey" }], text: "Survey" }],
        code: { coding: [{ system: SNOMED, code: NEWS2_SNOMED, display: NEWS2_DISPLAY }], text: "NEWS2 total score" },
        valueQuantity: { value: row.news2Total, unit: "score", system: UCUM, code: "{score}" },
        interpretation: [{ text: RISK_TEXT[row.news2Risk] }],
        derivedFrom: VITAL_SIGN_KINDS.filter((k) => hasKind(row, k)).map((k) => ref("Observation", observationId(row.id, k))),
        ...(component.length ? { component } : {}),
      };
    }
  }
}

/** Every FHIR Observation a stored set of readings yields, in kind order. */
export function toObservations(row: ObservationRow, kinds: readonly ObservationKind[] = OBSERVATION_KINDS): Observation[] {
  return kinds.filter((k) => hasKind(row, k)).map((k) => toObservation(row, k));
}

// ───────────────────────────── DetectedIssue (vitals alert) ─────────────────────────────

export const detectedIssueSelect = {
  id: true,
  patientId: true,
  observationId: true,
  condition: true,
  status: true,
  news2Total: true,
  detail: true,
  raisedAt: true,
  lastTriggeredAt: true,
  acknowledgedAt: true,
  acknowledgedById: true,
  acknowledgedBy: { select: { role: true } },
  observation: { select: observationRowSelect },
} satisfies Prisma.VitalAlertSelect;
export type DetectedIssueRow = Prisma.VitalAlertGetPayload<{ select: typeof detectedIssueSelect }>;

function alertText(a: DetectedIssueRow): { code: string; text: string; severity: DetectedIssue["severity"] } {
  const detail = readDetail(a.detail);
  if (a.condition === "NEWS2_AGGREGATE") {
    return {
      code: "NEWS2_AGGREGATE",
      text: `NEWS2 total score ${a.news2Total ?? ""} (5 or more): urgent clinical review`.replace("  ", " "),
      severity: (a.news2Total ?? 0) >= 7 ? "high" : "moderate",
    };
  }
  if (a.condition === "NEWS2_SINGLE_PARAMETER") {
    return { code: "NEWS2_SINGLE_PARAMETER", text: `NEWS2: a single parameter scored 3 (${(detail.parameters ?? []).join(", ")})`, severity: "moderate" };
  }
  const parameter = a.condition.startsWith("THRESHOLD:") ? a.condition.slice("THRESHOLD:".length) : a.condition;
  return { code: "THRESHOLD", text: `Outside the patient's ${parameter} threshold set by their clinician`, severity: "moderate" };
}

export function toDetectedIssue(a: DetectedIssueRow, ctx: MapContext): DetectedIssue {
  const { code, text, severity } = alertText(a);
  const evidence = toObservations(a.observation).map((o) => ref("Observation", o.id!));
  return {
    resourceType: "DetectedIssue",
    id: a.id,
    meta: { lastUpdated: iso(a.acknowledgedAt ?? a.lastTriggeredAt) },
    status: "final",
    code: { coding: [{ system: bedsideSystems(ctx.appUrl).vitalAlert, code }], text },
    severity,
    patient: ref("Patient", a.patientId),
    identifiedDateTime: iso(a.raisedAt),
    detail: a.status === "OPEN" ? "Open: not yet acknowledged by the care team." : "Acknowledged by the care team.",
    ...(evidence.length ? { evidence: [{ detail: evidence }] } : {}),
    ...(a.acknowledgedAt
      ? {
          mitigation: [
            {
              action: { text: "Acknowledged by the care team" },
              date: iso(a.acknowledgedAt),
              // Only clinicians are Practitioners here; an admin's acknowledgement stays unattributed.
              ...(a.acknowledgedById && a.acknowledgedBy?.role === "CLINICIAN" ? { author: ref("Practitioner", a.acknowledgedById) } : {}),
            },
          ],
        }
      : {}),
  };
}

// ───────────────────────────── ChargeItem (bill line) ─────────────────────────────

export const chargeItemSelect = {
  id: true,
  visitId: true,
  code: true,
  description: true,
  quantity: true,
  unitPriceMinor: true,
  amountMinor: true,
  currency: true,
  createdAt: true,
  createdById: true,
  voidedAt: true,
  voidReason: true,
  replacesChargeId: true,
  visit: { select: { patientId: true } },
} satisfies Prisma.ChargeSelect;
export type ChargeItemRow = Prisma.ChargeGetPayload<{ select: typeof chargeItemSelect }>;

/** Minor units → a decimal amount in the currency's own precision (cents for USD, none for JPY). */
export function moneyOf(minor: number, currency: string): Money {
  const digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return { value: Number((minor / 10 ** digits).toFixed(digits)), currency: currency as Money["currency"] };
}

export function toChargeItem(c: ChargeItemRow, ctx: MapContext): ChargeItem {
  return {
    resourceType: "ChargeItem",
    id: c.id,
    meta: { lastUpdated: iso(c.voidedAt ?? c.createdAt) },
    status: c.voidedAt ? "entered-in-error" : "billable",
    code: { coding: [{ system: bedsideSystems(ctx.appUrl).serviceCatalog, code: c.code, display: c.description }], text: c.description },
    subject: ref("Patient", c.visit.patientId),
    context: ref("Encounter", c.visitId),
    occurrenceDateTime: iso(c.createdAt),
    enteredDate: iso(c.createdAt),
    quantity: { value: c.quantity },
    priceOverride: moneyOf(c.amountMinor, c.currency),
    ...(c.voidReason ? { note: [{ text: `Voided: ${c.voidReason}` }] } : {}),
  };
}
