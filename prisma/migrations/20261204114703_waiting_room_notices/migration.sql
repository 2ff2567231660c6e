-- CreateEnum
CREATE TYPE "WaitingNoticeKind" AS ENUM ('RUNNING_LATE', 'MESSAGE_TO_CLINIC');

-- CreateTable
CREATE TABLE "WaitingRoomNotice" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "senderId" TEXT NOT NULL,
    "kind" "WaitingNoticeKind" NOT NULL,
    "body" TEXT,
    "lateMinutes" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WaitingRoomNotice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "WaitingRoomNotice_sessionId_kind_createdAt_idx" ON "WaitingRoomNotice"("sessionId", "kind", "createdAt");

-- AddForeignKey
ALTER TABLE "WaitingRoomNotice" ADD CONSTRAINT "WaitingRoomNotice_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "TelemedicineSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitingRoomNotice" ADD CONSTRAINT "WaitingRoomNotice_senderId_fkey" FOREIGN KEY ("senderId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
