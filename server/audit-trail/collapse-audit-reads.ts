// Routine reads (an open tab polling a visit, the vitals panel refreshing) write one audit row
// per poll. Stored rows stay exactly as written; the trail's screen folds a run of the same
// person reading the same record into one row per read window, with the count and the span,
// and a link that lists every row of the run. No read disappears: it is counted and findable.

/** A read, not a change: what polling produces. */
export function isRoutineRead(action: string): boolean {
  return /\.(read|list|view)$/.test(action);
}

/** The longest span one folded row covers, first to last read. */
export const READ_WINDOW_MS = 15 * 60_000;

export interface FoldableRow {
  id: string;
  occurredAt: Date;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  patientId: string | null;
  outcome: string;
}

export interface FoldedRow<T extends FoldableRow> {
  /** The newest row of the run (shown). */
  row: T;
  /** How many stored rows the run holds (1 when nothing was folded). */
  count: number;
  /** The oldest row of the run. */
  oldestAt: Date;
  oldestId: string;
}

const sameRead = (a: FoldableRow, b: FoldableRow) =>
  a.actorId === b.actorId &&
  a.action === b.action &&
  a.entityType === b.entityType &&
  a.entityId === b.entityId &&
  a.patientId === b.patientId &&
  a.outcome === b.outcome;

/**
 * Folds rows (newest first) into runs: successful routine reads of the same record by the same
 * person, back to back in the trail, within one read window. Everything else stays a row of its own.
 */
export function foldRoutineReads<T extends FoldableRow>(rows: T[], windowMs = READ_WINDOW_MS): FoldedRow<T>[] {
  const out: FoldedRow<T>[] = [];
  for (const r of rows) {
    const last = out.at(-1);
    if (
      last &&
      r.outcome === "SUCCESS" &&
      isRoutineRead(r.action) &&
      sameRead(last.row, r) &&
      last.row.occurredAt.getTime() - r.occurredAt.getTime() <= windowMs
    ) {
      last.count += 1;
      last.oldestAt = r.occurredAt;
      last.oldestId = r.id;
      continue;
    }
    out.push({ row: r, count: 1, oldestAt: r.occurredAt, oldestId: r.id });
  }
  return out;
}
