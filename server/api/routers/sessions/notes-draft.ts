import { z } from "zod";
import { clinicianProcedure, createTRPCRouter, syncOutput } from "@/server/api/trpc";
import { getNotesDraft, saveNotesDraft } from "@/server/sessions/notes-draft";
import { ZSessionIdInput } from "./schemas";

export const ZSaveNotesDraftInput = z.object({ sessionId: ZSessionIdInput.shape.sessionId, notes: z.string().max(10_000) });
export const ZNotesDraftOutput = z.object({ notes: z.string(), savedAt: z.date().nullable() });
export const ZSaveNotesDraftOutput = z.object({ savedAt: z.date() });

/** The clinician's in-call notes, saved as they type and restored on reload. */
export const notesDraftRouter = createTRPCRouter({
  get: clinicianProcedure
    .input(ZSessionIdInput)
    .output(syncOutput(ZNotesDraftOutput))
    .query(({ ctx, input }) => getNotesDraft({ actor: ctx.actor, ...input })),
  save: clinicianProcedure
    .input(ZSaveNotesDraftInput)
    .output(syncOutput(ZSaveNotesDraftOutput))
    .mutation(({ ctx, input }) => saveNotesDraft({ actor: ctx.actor, ...input })),
});
