import { createTRPCRouter, protectedProcedure, staffProcedure, syncOutput } from "@/server/api/trpc";
import { getPatient } from "@/server/patients/get-patient";
import { listPatients } from "@/server/patients/list-patients";
import { ZGetPatientInput, ZGetPatientOutput, ZListPatientsInput, ZListPatientsOutput } from "./schemas";

export const patientsRouter = createTRPCRouter({
  list: staffProcedure
    .input(ZListPatientsInput)
    .output(syncOutput(ZListPatientsOutput))
    .query(({ ctx, input }) => listPatients({ actor: ctx.actor, ...input })),

  get: protectedProcedure
    .input(ZGetPatientInput)
    .output(syncOutput(ZGetPatientOutput))
    .query(({ ctx, input }) => getPatient({ actor: ctx.actor, patientId: input.patientId })),
});
