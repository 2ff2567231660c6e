import { z } from "zod";
import { zId } from "@/lib/validation/input-policy";

// Ids and dates follow the shared input policy (lib/validation/input-policy.ts).
const ZId = zId;
const ZPaymentStatus = z.enum(["UNPAID", "PARTIALLY_PAID", "PAID", "WAIVED"]);
const ZMethod = z.enum(["CASH", "CARD", "INSURANCE", "OTHER"]);
const ZTotals = z.object({ chargedMinor: z.number().int(), paidMinor: z.number().int(), balanceMinor: z.number().int(), status: ZPaymentStatus });

export const ZCatalogItem = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  priceMinor: z.number().int(),
  currency: z.string(),
  active: z.boolean(),
  updatedAt: z.date(),
});
export const ZCatalogListInput = z.object({ includeInactive: z.boolean().default(false) }).default({ includeInactive: false });
export const ZCatalogListOutput = z.array(ZCatalogItem);
export const ZCatalogCreateInput = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, "Use 2–32 letters, digits and dashes, e.g. TELEMED-001"),
  name: z.string().trim().min(2).max(120),
  description: z.string().trim().max(500).optional(),
  priceMinor: z.number().int().min(0, "The price cannot be negative").max(100_000_000),
  currency: z.string().trim().toUpperCase().length(3, "Use a 3-letter currency code, e.g. USD"),
  active: z.boolean().default(true),
});
export const ZCatalogUpdateInput = z.object({
  id: ZId,
  name: z.string().trim().min(2).max(120).optional(),
  description: z.string().trim().max(500).nullable().optional(),
  priceMinor: z.number().int().min(0).max(100_000_000).optional(),
  active: z.boolean().optional(),
});

export const ZAddChargeInput = z.object({ visitId: ZId, catalogItemId: ZId, quantity: z.number().int().min(1).max(100).default(1) });
export const ZAddChargeOutput = z.object({
  charge: z.object({ id: z.string(), code: z.string(), amountMinor: z.number().int(), currency: z.string() }),
  totals: ZTotals,
});

export const ZVoidChargeInput = z.object({
  chargeId: ZId,
  reason: z.string().trim().min(3, "Say why the charge is voided").max(500),
  replacement: z.object({ catalogItemId: ZId, quantity: z.number().int().min(1).max(100).default(1) }).optional(),
});
export const ZVoidChargeOutput = z.object({ voidedId: z.string(), replacementId: z.string().nullable(), totals: ZTotals });

export const ZRecordPaymentInput = z.object({
  visitId: ZId,
  amountMinor: z.number().int().positive("Enter an amount above zero").max(100_000_000),
  method: ZMethod,
  reference: z.string().trim().max(120).optional(),
});
export const ZRecordPaymentOutput = z.object({
  payment: z.object({ id: z.string(), amountMinor: z.number().int(), currency: z.string(), method: ZMethod, receivedAt: z.date() }),
  totals: ZTotals,
});

export const ZWaiveInput = z.object({ visitId: ZId, reason: z.string().trim().min(3, "Give the reason for waiving").max(500) });
export const ZWaiveOutput = z.object({ status: ZPaymentStatus });

export const ZInvoiceInput = z.object({ visitId: ZId });
export const ZInvoiceOutput = z.object({
  clinicName: z.string(),
  invoiceNumber: z.string(),
  visit: z.object({ id: z.string(), openedAt: z.date(), closedAt: z.date().nullable() }),
  patient: z.object({ name: z.string(), mrn: z.string(), dateOfBirth: z.date() }),
  clinician: z.string(),
  lines: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      description: z.string(),
      quantity: z.number().int(),
      unitPriceMinor: z.number().int(),
      amountMinor: z.number().int(),
      currency: z.string(),
      createdAt: z.date(),
    }),
  ),
  payments: z.array(
    z.object({ id: z.string(), amountMinor: z.number().int(), currency: z.string(), method: ZMethod, reference: z.string().nullable(), receivedAt: z.date() }),
  ),
  chargedMinor: z.number().int(),
  paidMinor: z.number().int(),
  balanceMinor: z.number().int(),
  currency: z.string(),
  paymentStatus: ZPaymentStatus,
  waivedReason: z.string().nullable(),
});
