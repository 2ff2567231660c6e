-- DropIndex
DROP INDEX "Transcript_status_idx";

-- AlterTable
ALTER TABLE "Transcript" ADD COLUMN     "nextAttemptAt" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "Transcript_status_nextAttemptAt_idx" ON "Transcript"("status", "nextAttemptAt");
