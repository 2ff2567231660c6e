import { adminProcedure, createTRPCRouter, protectedProcedure, staffProcedure, syncOutput } from "@/server/api/trpc";
import { createCatalogItem, listCatalog, updateCatalogItem } from "@/server/billing/catalog";
import { addCharge, voidCharge } from "@/server/billing/charges";
import { getInvoice } from "@/server/billing/get-invoice";
import { recordPayment, waiveVisit } from "@/server/billing/payments";
import {
  ZAddChargeInput,
  ZAddChargeOutput,
  ZCatalogCreateInput,
  ZCatalogItem,
  ZCatalogListInput,
  ZCatalogListOutput,
  ZCatalogUpdateInput,
  ZInvoiceInput,
  ZInvoiceOutput,
  ZRecordPaymentInput,
  ZRecordPaymentOutput,
  ZVoidChargeInput,
  ZVoidChargeOutput,
  ZWaiveInput,
  ZWaiveOutput,
} from "./schemas";

export const billingRouter = createTRPCRouter({
  catalog: staffProcedure
    .input(ZCatalogListInput)
    .output(syncOutput(ZCatalogListOutput))
    .query(({ ctx, input }) => listCatalog({ actor: ctx.actor, includeInactive: input.includeInactive })),

  catalogCreate: adminProcedure
    .input(ZCatalogCreateInput)
    .output(syncOutput(ZCatalogItem))
    .mutation(({ ctx, input }) => createCatalogItem({ actor: ctx.actor, item: input })),

  catalogUpdate: adminProcedure
    .input(ZCatalogUpdateInput)
    .output(syncOutput(ZCatalogItem))
    .mutation(({ ctx, input: { id, ...changes } }) => updateCatalogItem({ actor: ctx.actor, id, changes })),

  addCharge: staffProcedure
    .input(ZAddChargeInput)
    .output(syncOutput(ZAddChargeOutput))
    .mutation(({ ctx, input }) => addCharge({ actor: ctx.actor, ...input })),

  voidCharge: staffProcedure
    .input(ZVoidChargeInput)
    .output(syncOutput(ZVoidChargeOutput))
    .mutation(({ ctx, input }) => voidCharge({ actor: ctx.actor, ...input })),

  recordPayment: staffProcedure
    .input(ZRecordPaymentInput)
    .output(syncOutput(ZRecordPaymentOutput))
    .mutation(({ ctx, input }) => recordPayment({ actor: ctx.actor, ...input })),

  waive: adminProcedure
    .input(ZWaiveInput)
    .output(syncOutput(ZWaiveOutput))
    .mutation(({ ctx, input }) => waiveVisit({ actor: ctx.actor, ...input })),

  invoice: protectedProcedure
    .input(ZInvoiceInput)
    .output(syncOutput(ZInvoiceOutput))
    .query(({ ctx, input }) => getInvoice({ actor: ctx.actor, visitId: input.visitId })),
});
