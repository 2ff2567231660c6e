-- AlterTable
ALTER TABLE "Consultation" ADD COLUMN     "endedAt" TIMESTAMP(3);

-- ─── Hand-written below ────────────────────────────────────────────────────────────
-- A consultation that finished early frees the rest of its slot: the no-overlap rule covers
-- scheduledStart up to the earlier of scheduledEnd and endedAt (set when its session
-- completes; an end before the start leaves an empty range, which overlaps nothing).
-- Cancelled and no-show consultations stay outside the rule altogether.
ALTER TABLE "Consultation" DROP CONSTRAINT "Consultation_clinician_no_overlap";

ALTER TABLE "Consultation"
  ADD CONSTRAINT "Consultation_clinician_no_overlap"
  EXCLUDE USING gist (
    "clinicianId" WITH =,
    tsrange("scheduledStart", GREATEST("scheduledStart", LEAST("scheduledEnd", COALESCE("endedAt", "scheduledEnd")))) WITH &&
  )
  WHERE ("status" NOT IN ('CANCELLED', 'NO_SHOW'));
