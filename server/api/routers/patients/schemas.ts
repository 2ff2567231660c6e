import { z } from "zod";
import { zId } from "@/lib/validation/input-policy";

export const ZPatientId = zId;
export const ZSex = z.enum(["FEMALE", "MALE", "OTHER", "UNKNOWN"]);

export const ZListPatientsInput = z.object({
  search: z.string().trim().max(100).optional(),
  limit: z.number().int().min(1).max(100).default(25),
  cursor: zId.optional(),
});
export type TListPatientsInput = z.infer<typeof ZListPatientsInput>;

const ZPatientSummary = z.object({
  id: z.string(),
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.date(),
  sex: ZSex,
  hasPortalAccount: z.boolean(),
  hasOpenVisit: z.boolean(),
});

export const ZListPatientsOutput = z.object({ items: z.array(ZPatientSummary), nextCursor: z.string().nullable() });

export const ZGetPatientInput = z.object({ patientId: ZPatientId });
export const ZGetPatientOutput = z.object({
  id: z.string(),
  mrn: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.date(),
  sex: ZSex,
  phone: z.string().nullable(),
  email: z.string().nullable(),
  timeZone: z.string(),
  hypercapnic: z.boolean(),
  hasPortalAccount: z.boolean(),
});
