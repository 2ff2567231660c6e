import { z } from "zod";

export const ZEhrToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  scope: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("clinic") }),
    z.object({ kind: z.literal("clinician"), clinicianId: z.string(), clinicianName: z.string() }),
  ]),
});
export type TEhrToken = z.infer<typeof ZEhrToken>;

export const ZEhrTokenList = z.array(ZEhrToken);

export const ZIssueEhrTokenInput = z.object({
  name: z.string().trim().min(1, "Name the EHR or integration this token is for.").max(80, "Keep the name under 80 characters."),
  /** Empty: the whole clinic; else the token reads what this clinician may read. */
  clinicianId: z
    .string()
    .max(64)
    .nullish()
    .transform((v) => (v ? v : null)),
});

/** The only response that carries the token itself. */
export const ZIssuedEhrToken = ZEhrToken.extend({ token: z.string() });

export const ZEhrTokenIdInput = z.object({ tokenId: z.string().min(1).max(64) });
