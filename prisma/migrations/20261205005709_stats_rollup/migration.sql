-- CreateTable
CREATE TABLE "StatsRollup" (
    "id" BIGSERIAL NOT NULL,
    "day" DATE NOT NULL,
    "metric" TEXT NOT NULL,
    "dim" TEXT NOT NULL DEFAULT '',
    "n" BIGINT NOT NULL DEFAULT 0,
    "a" BIGINT NOT NULL DEFAULT 0,
    "b" BIGINT NOT NULL DEFAULT 0,
    "c" BIGINT NOT NULL DEFAULT 0,
    "d" BIGINT NOT NULL DEFAULT 0,
    "total" DECIMAL NOT NULL DEFAULT 0,
    "compacted" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "StatsRollup_pkey" PRIMARY KEY ("id")
);

-- ─── Hand-written below ────────────────────────────────────────────────────────────
-- The admin statistics' daily rollup (server/statistics/get-stats.ts reads it). A figure is
-- the SUM of its rows; the rows are written only here, by triggers, in the same transaction
-- as the change they count, so every write path (domain code, webhooks, jobs, seeds, a
-- cascade, a psql session) keeps it exact and it cannot drift. Writers only INSERT (no
-- update of a shared counter row, so no lock contention between concurrent writers); the
-- compaction job folds each key's rows into one (server/statistics/compact-rollup.ts).

-- What one source row contributes, one function per source table. The triggers apply them
-- to the statement's transition tables (+1 for new rows, −1 for old ones) and the backfill
-- below to the existing rows: one definition per figure. Days are UTC (timestamps are stored
-- as UTC, so ::date is the UTC day); keep them in step with statsQueries in get-stats.ts.
CREATE FUNCTION "bedside_stats_session"(s "TelemedicineSession")
RETURNS TABLE ("day" date, "metric" text, "dim" text, "n" bigint, "a" bigint, "b" bigint, "c" bigint, "d" bigint, "total" numeric)
LANGUAGE sql STABLE AS $$
  SELECT COALESCE(s."scheduledStart", s."createdAt")::date, 'session', '', 1::bigint,
         (s."status" = 'COMPLETED')::int::bigint,
         (s."status" = 'COMPLETED' AND s."durationSeconds" IS NOT NULL)::int::bigint, 0::bigint, 0::bigint,
         CASE WHEN s."status" = 'COMPLETED' THEN COALESCE(s."durationSeconds", 0) ELSE 0 END::numeric
  UNION ALL
  SELECT COALESCE(s."scheduledStart", s."createdAt")::date, 'clinician', COALESCE(s."clinicianId", ''), 0, 0, 0, 0, 1,
         s."durationSeconds"::numeric
   WHERE s."status" = 'COMPLETED' AND s."durationSeconds" IS NOT NULL
  UNION ALL
  SELECT COALESCE(s."scheduledStart", s."createdAt")::date, 'duration', floor(s."durationSeconds" / 60.0)::bigint::text,
         1, 0, 0, 0, 0, 0
   WHERE s."status" = 'COMPLETED' AND s."durationSeconds" IS NOT NULL
$$;

CREATE FUNCTION "bedside_stats_consultation"(k "Consultation")
RETURNS TABLE ("day" date, "metric" text, "dim" text, "n" bigint, "a" bigint, "b" bigint, "c" bigint, "d" bigint, "total" numeric)
LANGUAGE sql STABLE AS $$
  SELECT k."scheduledStart"::date, m.metric, m.dim, 1::bigint,
         (k."status" = 'COMPLETED')::int::bigint, (k."status" = 'CANCELLED')::int::bigint,
         (k."status" = 'NO_SHOW')::int::bigint, 0::bigint, 0::numeric
    FROM (VALUES ('consultation', ''), ('clinician', k."clinicianId")) m(metric, dim)
$$;

CREATE FUNCTION "bedside_stats_participant"(p "SessionParticipant")
RETURNS TABLE ("day" date, "metric" text, "dim" text, "n" bigint, "a" bigint, "b" bigint, "c" bigint, "d" bigint, "total" numeric)
LANGUAGE sql STABLE AS $$
  SELECT p."admittedAt"::date, 'wait', '', 1::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint,
         extract(epoch FROM p."admittedAt" - p."arrivedAt")
   WHERE p."role" = 'PATIENT' AND p."arrivedAt" IS NOT NULL AND p."admittedAt" IS NOT NULL
$$;

CREATE FUNCTION "bedside_stats_stint"(t "ParticipantStint")
RETURNS TABLE ("day" date, "metric" text, "dim" text, "n" bigint, "a" bigint, "b" bigint, "c" bigint, "d" bigint, "total" numeric)
LANGUAGE sql STABLE AS $$
  SELECT t."joinedAt"::date, 'join', '', 1::bigint, (t."connectedAt" IS NOT NULL)::int::bigint, 0::bigint, 0::bigint, 0::bigint, 0::numeric
   WHERE t."joinedAt" IS NOT NULL
$$;

CREATE FUNCTION "bedside_stats_issue"(i "TechnicalIssue")
RETURNS TABLE ("day" date, "metric" text, "dim" text, "n" bigint, "a" bigint, "b" bigint, "c" bigint, "d" bigint, "total" numeric)
LANGUAGE sql STABLE AS $$
  SELECT i."createdAt"::date, 'issue', i."category"::text, 1::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint, 0::numeric
$$;

CREATE FUNCTION "bedside_stats_payment"(p "Payment")
RETURNS TABLE ("day" date, "metric" text, "dim" text, "n" bigint, "a" bigint, "b" bigint, "c" bigint, "d" bigint, "total" numeric)
LANGUAGE sql STABLE AS $$
  SELECT p."receivedAt"::date, 'revenue', p."currency"::text, 1::bigint, 0::bigint, 0::bigint, 0::bigint, 0::bigint, p."amountMinor"::numeric
$$;

-- Per source table, one statement-level trigger function with static SQL (PL/pgSQL keeps
-- its plans, so a one-row write pays for executing the statement, not planning it), written
-- from one template below. Per statement, not per row: a bulk insert of a million rows
-- writes a few thousand rollup rows, and an update that changes no figure (updatedAt, notes,
-- seq) writes none (the HAVING drops keys whose +1 and −1 cancel).
DO $$
DECLARE
  src record;
  sums constant text := 'sum(sign * f."n"), sum(sign * f."a"), sum(sign * f."b"), sum(sign * f."c"), sum(sign * f."d"), sum(sign * f."total")';
  nonzero constant text := 'sum(sign * f."n") <> 0 OR sum(sign * f."a") <> 0 OR sum(sign * f."b") <> 0 OR sum(sign * f."c") <> 0
                            OR sum(sign * f."d") <> 0 OR sum(sign * f."total") <> 0';
  target constant text := 'INSERT INTO "StatsRollup" ("day", "metric", "dim", "n", "a", "b", "c", "d", "total")';
BEGIN
  FOR src IN SELECT * FROM (VALUES
      ('TelemedicineSession', 'bedside_stats_session'),
      ('Consultation', 'bedside_stats_consultation'),
      ('SessionParticipant', 'bedside_stats_participant'),
      ('ParticipantStint', 'bedside_stats_stint'),
      ('TechnicalIssue', 'bedside_stats_issue'),
      ('Payment', 'bedside_stats_payment')) v(tbl, fn)
  LOOP
    EXECUTE format($f$
      CREATE FUNCTION %1$I() RETURNS trigger LANGUAGE plpgsql AS $body$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          %3$s SELECT f."day", f."metric", f."dim", %4$s
                 FROM (SELECT 1 AS sign, c.* FROM new_rows r, LATERAL %2$I(r) c) f
                GROUP BY 1, 2, 3 HAVING %5$s;
        ELSIF TG_OP = 'DELETE' THEN
          %3$s SELECT f."day", f."metric", f."dim", %4$s
                 FROM (SELECT -1 AS sign, c.* FROM old_rows r, LATERAL %2$I(r) c) f
                GROUP BY 1, 2, 3 HAVING %5$s;
        ELSE
          %3$s SELECT f."day", f."metric", f."dim", %4$s
                 FROM (SELECT 1 AS sign, c.* FROM new_rows r, LATERAL %2$I(r) c
                       UNION ALL
                       SELECT -1 AS sign, c.* FROM old_rows r, LATERAL %2$I(r) c) f
                GROUP BY 1, 2, 3 HAVING %5$s;
        END IF;
        RETURN NULL;
      END;
      $body$ $f$, src.fn || '_rollup', src.fn, target, sums, nonzero);
    -- Transition tables need one trigger per event.
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION %I()', src.tbl || '_stats_insert', src.tbl, src.fn || '_rollup');
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION %I()', src.tbl || '_stats_update', src.tbl, src.fn || '_rollup');
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION %I()', src.tbl || '_stats_delete', src.tbl, src.fn || '_rollup');
    -- The existing rows, through the same contribution function.
    EXECUTE format('%s SELECT f."day", f."metric", f."dim", %s FROM (SELECT 1 AS sign, c.* FROM %I r, LATERAL %I(r) c) f
                    GROUP BY 1, 2, 3 HAVING %s', target, sums, src.tbl, src.fn, nonzero);
  END LOOP;
END;
$$;

-- How figures are read: a range of days of one metric, answered from the index alone
-- (partial on an always-true predicate so that Prisma's diff, which does not model INCLUDE,
-- leaves it alone; a range on "day" implies it).
CREATE INDEX "StatsRollup_read_idx" ON "StatsRollup" ("metric", "day") INCLUDE ("dim", "n", "a", "b", "c", "d", "total")
  WHERE "day" IS NOT NULL;

-- The compaction job's work list: keys that have rows it has not folded yet.
CREATE INDEX "StatsRollup_pending_idx" ON "StatsRollup" ("metric", "day", "dim") WHERE NOT "compacted";

-- The exact 90th percentile of durations: the rollup's minute histogram says which minute
-- holds the percentile's rows, this index finds them (completed sessions by duration, with
-- the session-day columns to filter the range without visiting the table).
CREATE INDEX "TelemedicineSession_stats_duration_idx" ON "TelemedicineSession" ("durationSeconds")
  INCLUDE ("scheduledStart", "createdAt")
  WHERE "status" = 'COMPLETED' AND "durationSeconds" IS NOT NULL;
