-- Indexes for the admin statistics (server/admin/get-stats.ts). Hand-written: Prisma's
-- schema language cannot express expression, partial or covering (INCLUDE) indexes.
-- Each one lets its statistic be answered by an index-only scan of the date range instead
-- of a scan of the whole table; bench/admin-stats measures them (1 M sessions).
--
-- Prisma's diff leaves expression and partial indexes alone but would drop a plain index
-- it does not model, so the two plain ones below carry an always-true predicate on their
-- (NOT NULL) key; a range condition on the key implies it, so the planner still uses them.

-- The day a session belongs to: when it was scheduled for, else when it was created.
-- Sessions per day, durations and the per-clinician average read status, durationSeconds
-- and consultationId from the index; the two source columns are included so PostgreSQL
-- can use it for an index-only scan.
CREATE INDEX "TelemedicineSession_stats_day_idx" ON "TelemedicineSession"
  ((COALESCE("scheduledStart", "createdAt")))
  INCLUDE ("scheduledStart", "createdAt", "status", "durationSeconds", "consultationId");

-- Waiting time of patients, by the moment they were admitted.
CREATE INDEX "SessionParticipant_stats_wait_idx" ON "SessionParticipant" ("admittedAt")
  INCLUDE ("arrivedAt")
  WHERE "role" = 'PATIENT' AND "arrivedAt" IS NOT NULL AND "admittedAt" IS NOT NULL;

-- Joins (one stint each) by the moment they began, and whether media connected.
CREATE INDEX "ParticipantStint_stats_joined_idx" ON "ParticipantStint" ("joinedAt")
  INCLUDE ("connectedAt")
  WHERE "joinedAt" IS NOT NULL;

-- Consultations by scheduled start with what the outcome and per-clinician figures read.
CREATE INDEX "Consultation_stats_scheduled_idx" ON "Consultation" ("scheduledStart")
  INCLUDE ("id", "clinicianId", "status")
  WHERE "scheduledStart" IS NOT NULL;
