import { z } from "zod";
import { zId } from "@/lib/validation/input-policy";

// Ids and dates follow the shared input policy (lib/validation/input-policy.ts).
const ZId = zId;

export const ZListJoinLinksInput = z.union([z.object({ consultationId: ZId }), z.object({ sessionId: ZId })]);
export const ZJoinLinkItem = z.object({
  id: z.string(),
  role: z.enum(["CLINICIAN", "PATIENT", "GUEST"]),
  invitee: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.date(),
  expiresAt: z.date(),
  revokedAt: z.date().nullable(),
  lastUsedAt: z.date().nullable(),
  useCount: z.number().int(),
  active: z.boolean(),
});
export const ZListJoinLinksOutput = z.array(ZJoinLinkItem);

export const ZRevokeJoinLinkInput = z.object({ joinLinkId: ZId });
export const ZRevokeJoinLinkOutput = z.object({ revoked: z.number().int() });

export const ZRevokeInviteeInput = z.union([z.object({ consultationId: ZId, userId: ZId }), z.object({ sessionId: ZId, userId: ZId })]);
export const ZRevokeInviteeOutput = z.object({ revokedLinks: z.number().int(), endedSignIns: z.number().int() });

export const ZResendJoinLinkInput = z.union([z.object({ consultationId: ZId }), z.object({ sessionId: ZId, guestUserId: ZId })]);
export const ZResendJoinLinkOutput = z.object({ emailId: z.string(), joinLinkId: z.string() });
