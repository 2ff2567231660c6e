-- AlterTable
ALTER TABLE "TelemedicineSession" ADD COLUMN     "clinicianId" TEXT;

-- AddForeignKey
ALTER TABLE "TelemedicineSession" ADD CONSTRAINT "TelemedicineSession_clinicianId_fkey" FOREIGN KEY ("clinicianId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ─── Hand-written below ────────────────────────────────────────────────────────────
-- A session's clinician is its visit's (a visit never changes clinician). The database
-- copies it on insert, so every writer (domain code, seeds, tests) gets it right without
-- knowing about it; code never sets it.
CREATE FUNCTION "bedside_session_clinician"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  SELECT v."clinicianId" INTO NEW."clinicianId" FROM "Visit" v WHERE v."id" = NEW."visitId";
  RETURN NEW;
END;
$$;

CREATE TRIGGER "TelemedicineSession_clinician"
  BEFORE INSERT OR UPDATE OF "visitId", "clinicianId" ON "TelemedicineSession"
  FOR EACH ROW EXECUTE FUNCTION "bedside_session_clinician"();

-- Existing rows, completed ones included: the completed-session guard is lifted for this
-- one statement only. The copy adds no clinical content (it repeats the visit's clinician).
ALTER TABLE "TelemedicineSession" DISABLE TRIGGER "TelemedicineSession_completed_immutable";
UPDATE "TelemedicineSession" s SET "clinicianId" = v."clinicianId" FROM "Visit" v WHERE v."id" = s."visitId";
ALTER TABLE "TelemedicineSession" ENABLE TRIGGER "TelemedicineSession_completed_immutable";

-- The statistics' session-day index also carries the clinician, so the per-clinician
-- figures need no join (server/admin/get-stats.ts).
DROP INDEX "TelemedicineSession_stats_day_idx";
CREATE INDEX "TelemedicineSession_stats_day_idx" ON "TelemedicineSession"
  ((COALESCE("scheduledStart", "createdAt")))
  INCLUDE ("scheduledStart", "createdAt", "status", "durationSeconds", "clinicianId");
