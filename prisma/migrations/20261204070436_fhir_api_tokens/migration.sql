-- CreateTable
CREATE TABLE "FhirApiToken" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "clinicianId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "revokedById" TEXT,

    CONSTRAINT "FhirApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FhirApiToken_tokenHash_key" ON "FhirApiToken"("tokenHash");

-- CreateIndex
CREATE INDEX "FhirApiToken_revokedAt_createdAt_idx" ON "FhirApiToken"("revokedAt", "createdAt");

-- AddForeignKey
ALTER TABLE "FhirApiToken" ADD CONSTRAINT "FhirApiToken_clinicianId_fkey" FOREIGN KEY ("clinicianId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
