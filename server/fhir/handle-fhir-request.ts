// The FHIR R4 HTTP surface in one place: authenticate (EHR bearer token or the Bedside
// session), dispatch the path to a domain function, answer `application/fhir+json`, and turn
// every failure into an OperationOutcome with a diagnostic a person can act on. The route
// handler (`app/api/fhir/R4/[[...path]]/route.ts`) only passes the request in.
import "server-only";
import type { OperationOutcome } from "@medplum/fhirtypes";
import { recordDenied } from "@/server/audit/record-audit";
import { AppError, fromDatabaseError, isAppError, type AppErrorCode } from "@/server/errors";
import { errorForLog, logger } from "@/server/logger";
import { bearerToken } from "@/server/vitals/device-token-secret";
import { capabilityStatement } from "./capability-statement";
import { fhirCallerFromSession, fhirCallerFromToken, type FhirCaller } from "./ehr-tokens";
import { getPatientEverything } from "./get-patient-everything";
import { isReadableType, readFhirResource } from "./read-fhir-resource";
import { isSearchableType, searchFhirResources } from "./search-fhir-resources";

export const FHIR_CONTENT_TYPE = "application/fhir+json; charset=utf-8";

export interface FhirHttpRequest {
  method: string;
  url: URL;
  /** Path segments after /api/fhir/R4. */
  path: string[];
  authorization: string | null;
  requestId: string;
  ip: string | null;
  /** The signed-in Bedside user, looked up only when no bearer token is sent. */
  sessionUser: () => Promise<{ id: string; role: FhirCaller["actor"]["role"]; scopeSessionId: string | null } | null>;
}

const ISSUE_CODE: Partial<Record<AppErrorCode, OperationOutcome["issue"][number]["code"]>> = {
  BAD_REQUEST: "invalid",
  UNAUTHORIZED: "login",
  FORBIDDEN: "forbidden",
  NOT_FOUND: "not-found",
  CONFLICT: "conflict",
  PRECONDITION_FAILED: "business-rule",
  TOO_MANY_REQUESTS: "throttled",
  SERVICE_UNAVAILABLE: "transient",
};

export function operationOutcome(
  code: OperationOutcome["issue"][number]["code"],
  diagnostics: string,
  severity: "error" | "fatal" = "error",
): OperationOutcome {
  return { resourceType: "OperationOutcome", issue: [{ severity, code, diagnostics }] };
}

function fhirJson(body: unknown, status: number, requestId: string, extra: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": FHIR_CONTENT_TYPE, "Cache-Control": "no-store", "X-Request-Id": requestId, ...extra },
  });
}

const JSON_FORMATS = new Set(["json", "application/json", "application/fhir+json"]);

export async function handleFhirRequest(req: FhirHttpRequest): Promise<Response> {
  const { requestId } = req;
  try {
    if (req.method !== "GET" && req.method !== "HEAD") {
      return fhirJson(operationOutcome("not-supported", `Bedside's FHIR API is read-only: ${req.method} is not supported. Use GET.`), 405, requestId, {
        Allow: "GET",
      });
    }
    const params = new URLSearchParams(req.url.searchParams);
    const format = params.get("_format");
    if (format !== null) {
      if (!JSON_FORMATS.has(format))
        return fhirJson(
          operationOutcome("not-supported", `_format=${format} is not supported: Bedside answers JSON only (application/fhir+json).`),
          406,
          requestId,
        );
      params.delete("_format");
    }
    const [type, id, operation, ...rest] = req.path;
    if (type === "metadata" && req.path.length === 1) return fhirJson(capabilityStatement(), 200, requestId);

    const caller = await authenticate(req);

    if (!type || rest.length > 0 || (operation !== undefined && !(type === "Patient" && operation === "$everything"))) {
      return fhirJson(
        operationOutcome("not-found", `There is nothing at /${req.path.join("/")}. See [base]/metadata for what this server supports.`),
        404,
        requestId,
      );
    }
    if (!isReadableType(type)) {
      return fhirJson(operationOutcome("not-supported", `Bedside does not serve ${type} resources. Supported: see [base]/metadata.`), 404, requestId);
    }
    if (operation === "$everything") {
      return fhirJson(await getPatientEverything({ caller, patientId: id!, params }), 200, requestId);
    }
    if (id !== undefined) {
      const unknown = [...params.keys()][0];
      if (unknown) return fhirJson(operationOutcome("not-supported", `The parameter "${unknown}" is not supported on a read.`), 400, requestId);
      return fhirJson(await readFhirResource({ caller, type, id }), 200, requestId);
    }
    if (!isSearchableType(type)) {
      return fhirJson(
        operationOutcome("not-supported", `Searching ${type} is not supported; read one by id, or use Patient/<id>/$everything.`),
        400,
        requestId,
      );
    }
    return fhirJson(await searchFhirResources({ caller, type, params }), 200, requestId);
  } catch (error) {
    const mapped = fromDatabaseError(error);
    if (isAppError(mapped)) {
      if (mapped.denied) await recordDenied(mapped.denied.actor, mapped.denied.entry);
      const extra: Record<string, string> = mapped.code === "UNAUTHORIZED" ? { "WWW-Authenticate": 'Bearer realm="bedside-fhir"' } : {};
      const retryAfter = (mapped.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retryAfter) extra["Retry-After"] = String(retryAfter);
      return fhirJson(operationOutcome(ISSUE_CODE[mapped.code] ?? "exception", mapped.message), mapped.httpStatus, requestId, extra);
    }
    logger.error({ error: errorForLog(error), requestId }, "fhir.request_failed");
    return fhirJson(operationOutcome("exception", `Something went wrong on our side; retry the request. Reference ${requestId}.`, "fatal"), 500, requestId);
  }
}

async function authenticate(req: FhirHttpRequest): Promise<FhirCaller> {
  if (req.authorization !== null) {
    const token = bearerToken(req.authorization);
    if (!token) throw new AppError("UNAUTHORIZED", "Send the EHR token as `Authorization: Bearer <token>`.", { reason: "malformed_authorization" });
    return fhirCallerFromToken({ token, requestId: req.requestId, ip: req.ip });
  }
  const user = await req.sessionUser();
  if (!user) {
    throw new AppError(
      "UNAUTHORIZED",
      "Sign in to Bedside, or send an EHR token as `Authorization: Bearer <token>` (an administrator issues them under Admin → Integrations).",
      {
        reason: "unauthenticated",
      },
    );
  }
  return fhirCallerFromSession(user, req.requestId, req.ip);
}
