import "server-only";
import { db } from "@/server/db";

// The statistics rollup (model StatsRollup, migration stats_rollup) grows by a few rows per
// write: the triggers only ever insert signed contributions. This job folds every key that
// has unfolded rows into a single row, so a year's figures read about one row per day (and
// clinician, for the per-clinician table).
//
// It cannot change a figure: one statement deletes the rows of those keys that it sees and
// inserts their sums, atomically. A contribution committed after the statement's snapshot is
// not deleted and is folded on the next run; two runs at once delete disjoint rows (a row
// deleted by the other waits, then is skipped), so each key still sums to the same figure.
// Keys that sum to nothing (a session moved to another day) disappear.

export async function compactStatsRollup(): Promise<{ folded: number; written: number }> {
  const [r] = await db.$queryRaw<{ folded: number; written: number }[]>`
    WITH pending AS (
      SELECT DISTINCT "metric", "day", "dim" FROM "StatsRollup" WHERE NOT "compacted"
    ), gone AS (
      DELETE FROM "StatsRollup" r USING pending p
       WHERE r."metric" = p."metric" AND r."day" = p."day" AND r."dim" = p."dim"
      RETURNING r.*
    ), written AS (
      INSERT INTO "StatsRollup" ("day", "metric", "dim", "n", "a", "b", "c", "d", "total", "compacted")
      SELECT "day", "metric", "dim", sum("n"), sum("a"), sum("b"), sum("c"), sum("d"), sum("total"), true
        FROM gone
       GROUP BY 1, 2, 3
      HAVING sum("n") <> 0 OR sum("a") <> 0 OR sum("b") <> 0 OR sum("c") <> 0 OR sum("d") <> 0 OR sum("total") <> 0
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM gone)::int AS folded, (SELECT count(*) FROM written)::int AS written`;
  return r ?? { folded: 0, written: 0 };
}

export const run = () => compactStatsRollup();
