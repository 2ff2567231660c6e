// `GET [base]/metadata`: what this server supports, built from the same tables the request
// handler dispatches on, so the statement cannot drift from the behaviour.
import "server-only";
import type { CapabilityStatement, CapabilityStatementRestResource } from "@medplum/fhirtypes";
import { env } from "@/env";
import { READABLE_TYPES } from "./read-fhir-resource";
import { SEARCH_PARAMS, isSearchableType, fhirBaseUrl } from "./search-fhir-resources";

const PARAM_DOCS: Record<string, { type: "reference" | "token" | "date" | "number" | "string"; documentation: string }> = {
  patient: { type: "reference", documentation: "Required (or its alias): the patient, as <id> or Patient/<id>." },
  subject: { type: "reference", documentation: "Alias of patient." },
  actor: { type: "reference", documentation: "Alias of patient (Patient/<id> only)." },
  category: { type: "token", documentation: "vital-signs or survey (the NEWS2 score)." },
  code: { type: "token", documentation: "LOINC 8867-4, 85354-9, 9279-1, 2708-6, 59408-5, 8310-5; SNOMED CT 1104051000000101 (NEWS2)." },
  date: { type: "date", documentation: "Prefixes eq, ge, gt, le, lt; repeat for a range. A time needs a zone." },
  _count: { type: "number", documentation: "Page size, 1 to 200 (default 50; larger values are served as 200)." },
  _sort: { type: "string", documentation: "date or -date (default)." },
  _cursor: { type: "string", documentation: "Opaque paging position: follow the Bundle's next link." },
};

export function capabilityStatement(): CapabilityStatement {
  const resource: CapabilityStatementRestResource[] = READABLE_TYPES.map((type) => ({
    type,
    interaction: isSearchableType(type) ? [{ code: "read" }, { code: "search-type" }] : [{ code: "read" }],
    ...(isSearchableType(type)
      ? { searchParam: SEARCH_PARAMS[type].map((name) => ({ name, type: PARAM_DOCS[name]!.type, documentation: PARAM_DOCS[name]!.documentation })) }
      : {}),
    ...(type === "Patient" ? { operation: [{ name: "everything", definition: "http://hl7.org/fhir/OperationDefinition/Patient-everything" }] } : {}),
    ...(type === "Observation"
      ? {
          supportedProfile: [
            "http://hl7.org/fhir/StructureDefinition/heartrate",
            "http://hl7.org/fhir/StructureDefinition/bp",
            "http://hl7.org/fhir/StructureDefinition/resprate",
            "http://hl7.org/fhir/StructureDefinition/oxygensat",
            "http://hl7.org/fhir/StructureDefinition/bodytemp",
          ],
        }
      : {}),
  }));
  return {
    resourceType: "CapabilityStatement",
    status: "active",
    date: "2026-12-04",
    publisher: env.CLINIC_NAME,
    kind: "instance",
    software: { name: "Bedside" },
    implementation: { description: `${env.CLINIC_NAME} — Bedside FHIR R4 read API`, url: fhirBaseUrl() },
    fhirVersion: "4.0.1",
    format: ["application/fhir+json", "json"],
    rest: [
      {
        mode: "server",
        documentation:
          "Read-only. Authenticate with `Authorization: Bearer <EHR token>` (issued by a Bedside administrator) or a signed-in Bedside session. Records the caller may not see answer 404 like missing ones.",
        security: { cors: false, description: "Bearer EHR tokens (read-only, revocable, audited) or the Bedside session cookie." },
        resource,
      },
    ],
  };
}
