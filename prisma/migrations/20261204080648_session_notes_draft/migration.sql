-- AlterTable
ALTER TABLE "TelemedicineSession" ADD COLUMN     "notesDraft" TEXT,
ADD COLUMN     "notesDraftSavedAt" TIMESTAMP(3);
