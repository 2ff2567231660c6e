// `GET [base]/{type}?…`: searches per patient, answered as a `searchset` Bundle with `total`
// and a `next` link. Paging is by keyset — (effective time, id[, kind]) in an opaque cursor —
// so readings that stream in while an EHR pages through never repeat or shift an entry.
import "server-only";
import type { Bundle, BundleEntry, BundleLink, Resource } from "@medplum/fhirtypes";
import { env } from "@/env";
import { recordAudit, recordDenied, type AuditEntry } from "@/server/audit/record-audit";
import type { AnyActor } from "@/server/audit/actor";
import { db } from "@/server/db";
import type { Prisma } from "@/server/generated/prisma/client";
import type { FhirCaller } from "./ehr-tokens";
import { findFhirPatientOrNull, visibleVisits } from "@/server/access/fhir-access";
import {
  KIND_CODES,
  KIND_PRESENT,
  OBSERVATION_KINDS,
  VITAL_SIGN_KINDS,
  appointmentSelect,
  encounterSelect,
  hasKind,
  observationRowSelect,
  toAppointment,
  toEncounter,
  toObservation,
  type ObservationKind,
} from "./resources";
import {
  FhirSearchError,
  decodeCursor,
  encodeCursor,
  groupParams,
  parseCount,
  parseDateParams,
  parsePatientReference,
  parseSort,
  parseTokenParams,
  type Cursor,
  type DateBounds,
} from "./search-params";

export const SEARCHABLE_TYPES = ["Observation", "Encounter", "Appointment"] as const;
export type SearchableType = (typeof SEARCHABLE_TYPES)[number];

export const SEARCH_PARAMS: Record<SearchableType, readonly string[]> = {
  Observation: ["patient", "subject", "category", "code", "date", "_count", "_sort", "_cursor"],
  Encounter: ["patient", "subject", "date", "_count", "_sort", "_cursor"],
  Appointment: ["patient", "actor", "date", "_count", "_sort", "_cursor"],
};

export function isSearchableType(type: string): type is SearchableType {
  return (SEARCHABLE_TYPES as readonly string[]).includes(type);
}

export function fhirBaseUrl(): string {
  return `${env.APP_URL.replace(/\/+$/, "")}/api/fhir/R4`;
}

export function searchBundle(resources: Resource[], total: number, links: BundleLink[]): Bundle {
  const base = fhirBaseUrl();
  return {
    resourceType: "Bundle",
    type: "searchset",
    total,
    link: links,
    entry: resources.map((resource): BundleEntry => ({ fullUrl: `${base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: "match" } })),
  };
}

function links(type: string, params: URLSearchParams, next: Cursor | null): BundleLink[] {
  const self = new URLSearchParams(params);
  const out: BundleLink[] = [{ relation: "self", url: `${fhirBaseUrl()}/${type}${self.size ? `?${self}` : ""}` }];
  if (next) {
    const n = new URLSearchParams(params);
    n.delete("_cursor");
    n.set("_cursor", encodeCursor(next));
    out.push({ relation: "next", url: `${fhirBaseUrl()}/${type}?${n}` });
  }
  return out;
}

function patientOf(grouped: Map<string, string[]>, names: string[]): string {
  const values = names.flatMap((n) => grouped.get(n) ?? []);
  if (values.length === 0) throw new FhirSearchError(`Searches are per patient: add ${names[0]}=<Patient id>.`);
  return parsePatientReference(values);
}

/** Keyset condition after `cursor` on (time, id), inclusive of the cursor's own row (kinds are skipped in code). */
function after<W>(field: string, cursor: Cursor | null, sort: "asc" | "desc", inclusive: boolean): W[] {
  if (!cursor) return [];
  const t = new Date(cursor.t);
  const beyond = sort === "desc" ? "lt" : "gt";
  const idOp = sort === "desc" ? (inclusive ? "lte" : "lt") : inclusive ? "gte" : "gt";
  return [{ OR: [{ [field]: { [beyond]: t } }, { [field]: t, id: { [idOp]: cursor.id } }] } as W];
}

function dateWhere(bounds: DateBounds) {
  return bounds.gte || bounds.lt ? { ...(bounds.gte ? { gte: bounds.gte } : {}), ...(bounds.lt ? { lt: bounds.lt } : {}) } : undefined;
}

export async function searchFhirResources({ caller, type, params }: { caller: FhirCaller; type: SearchableType; params: URLSearchParams }): Promise<Bundle> {
  const grouped = groupParams(params, SEARCH_PARAMS[type], type);
  const count = parseCount(grouped.get("_count") ?? []);
  const sort = parseSort(grouped.get("_sort") ?? []);
  const cursor = decodeCursor(grouped.get("_cursor") ?? []);
  const bounds = parseDateParams(grouped.get("date") ?? []);
  const patientId = patientOf(grouped, type === "Appointment" ? ["patient", "actor"] : ["patient", "subject"]);
  const kinds = type === "Observation" ? observationKinds(grouped) : [];

  const denied: { actor: AnyActor; entry: AuditEntry }[] = [];
  const result = await db.$transaction(async (tx) => {
    const patient = await findFhirPatientOrNull(tx, caller, patientId, { id: true }, (d) =>
      denied.push({ actor: d.actor, entry: { ...d.entry, action: "fhir.search", entityType: type } }),
    );
    let page: { resources: Resource[]; total: number; next: Cursor | null } = { resources: [], total: 0, next: null };
    if (patient && (type !== "Observation" || kinds.length > 0)) {
      if (type === "Observation") page = await searchObservations(tx, patient.id, kinds, bounds, sort, count, cursor);
      else if (type === "Encounter") page = await searchEncounters(tx, caller, patient.id, bounds, sort, count, cursor);
      else page = await searchAppointments(tx, caller, patient.id, bounds, sort, count, cursor);
    }
    if (patient) {
      await recordAudit(tx, caller.auditActor, {
        action: "fhir.search",
        entityType: type,
        patientId: patient.id,
        metadata: { resourceType: type, returned: page.resources.length, total: page.total, page: cursor ? "next" : "first" },
      });
    }
    return page;
  });
  for (const d of denied) await recordDenied(d.actor, d.entry);
  return searchBundle(result.resources, result.total, links(type, params, result.next));
}

/** The kinds `category` and `code` select (none when they cannot match anything Bedside has). */
function observationKinds(grouped: Map<string, string[]>): ObservationKind[] {
  let kinds: ObservationKind[] = [...OBSERVATION_KINDS];
  const categories = (grouped.get("category") ?? []).flatMap((v) => v.split(","));
  if (categories.length) {
    const wanted = new Set<ObservationKind>();
    for (const raw of categories) {
      const code = raw.includes("|") ? raw.slice(raw.indexOf("|") + 1) : raw;
      const system = raw.includes("|") ? raw.slice(0, raw.indexOf("|")) : null;
      if (system && system !== "http://terminology.hl7.org/CodeSystem/observation-category") continue;
      if (code === "vital-signs") VITAL_SIGN_KINDS.forEach((k) => wanted.add(k));
      if (code === "survey") wanted.add("news2");
    }
    kinds = kinds.filter((k) => wanted.has(k));
  }
  const codes = parseTokenParams(grouped.get("code") ?? []);
  if (codes.length) {
    kinds = kinds.filter((k) => KIND_CODES[k].some((c) => codes.some((q) => q.code === c.code && (q.system === null || q.system === c.system))));
  }
  return kinds;
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

async function searchObservations(
  tx: Tx,
  patientId: string,
  kinds: ObservationKind[],
  bounds: DateBounds,
  sort: "asc" | "desc",
  count: number,
  cursor: Cursor | null,
) {
  const observedAt = dateWhere(bounds);
  const base: Prisma.VitalObservationWhereInput = { patientId, ...(observedAt ? { observedAt } : {}) };
  // Total: one FHIR Observation per kind present in a row.
  let total = 0;
  // One after another: queries on a transaction's single connection cannot overlap.
  for (const k of kinds) total += await tx.vitalObservation.count({ where: { AND: [base, KIND_PRESENT[k]] } });
  // Every row fetched yields at least one entry (rows without a wanted kind are filtered out),
  // except possibly the cursor's own row: count + 2 rows always fill a page and tell if more follow.
  const rows = await tx.vitalObservation.findMany({
    where: { AND: [base, { OR: kinds.map((k) => KIND_PRESENT[k]) }, ...after<Prisma.VitalObservationWhereInput>("observedAt", cursor, sort, true)] },
    orderBy: [{ observedAt: sort }, { id: sort }],
    take: count + 2,
    select: observationRowSelect,
  });
  const resources: Resource[] = [];
  let last: Cursor | null = null;
  let more = false;
  outer: for (const row of rows) {
    const sameAsCursor = cursor && row.id === cursor.id && row.observedAt.getTime() === new Date(cursor.t).getTime();
    for (const kind of kinds) {
      const k = OBSERVATION_KINDS.indexOf(kind);
      if (sameAsCursor && k <= (cursor.k ?? -1)) continue;
      if (!hasKind(row, kind)) continue;
      if (resources.length === count) {
        more = true;
        break outer;
      }
      resources.push(toObservation(row, kind));
      last = { t: row.observedAt.toISOString(), id: row.id, k };
    }
  }
  return { resources, total, next: more ? last : null };
}

async function searchEncounters(tx: Tx, caller: FhirCaller, patientId: string, bounds: DateBounds, sort: "asc" | "desc", count: number, cursor: Cursor | null) {
  const openedAt = dateWhere(bounds);
  const where: Prisma.VisitWhereInput = { AND: [{ patientId }, visibleVisits(caller.actor), openedAt ? { openedAt } : {}] };
  const total = await tx.visit.count({ where });
  const rows = await tx.visit.findMany({
    where: { AND: [where, ...after<Prisma.VisitWhereInput>("openedAt", cursor, sort, false)] },
    orderBy: [{ openedAt: sort }, { id: sort }],
    take: count + 1,
    select: encounterSelect,
  });
  const page = rows.slice(0, count);
  const lastRow = page[page.length - 1];
  return { resources: page.map(toEncounter), total, next: rows.length > count && lastRow ? { t: lastRow.openedAt.toISOString(), id: lastRow.id } : null };
}

async function searchAppointments(
  tx: Tx,
  caller: FhirCaller,
  patientId: string,
  bounds: DateBounds,
  sort: "asc" | "desc",
  count: number,
  cursor: Cursor | null,
) {
  const scheduledStart = dateWhere(bounds);
  const where: Prisma.ConsultationWhereInput = { AND: [{ patientId }, { visit: visibleVisits(caller.actor) }, scheduledStart ? { scheduledStart } : {}] };
  const total = await tx.consultation.count({ where });
  const rows = await tx.consultation.findMany({
    where: { AND: [where, ...after<Prisma.ConsultationWhereInput>("scheduledStart", cursor, sort, false)] },
    orderBy: [{ scheduledStart: sort }, { id: sort }],
    take: count + 1,
    select: appointmentSelect,
  });
  const page = rows.slice(0, count);
  const lastRow = page[page.length - 1];
  return {
    resources: page.map(toAppointment),
    total,
    next: rows.length > count && lastRow ? { t: lastRow.scheduledStart.toISOString(), id: lastRow.id } : null,
  };
}
