import "server-only";
import { deliverOutbox } from "@/server/notifications/deliver-outbox";
import { sendDueReminders } from "@/server/notifications/send-due-reminders";
import { markNoShows } from "@/server/consultations/mark-no-shows";
import { run as reconcileVideo } from "@/server/video/reconcile";
import { run as escalateVitalsAlerts } from "@/server/vitals/escalate-alerts";
import { run as deleteExpiredRecordings } from "@/server/recordings/delete-expired-recordings";
import { run as sealAuditChain } from "@/server/audit-trail/seal-audit-chain";
import { run as transcribeRecordings } from "@/server/recordings/transcripts/transcribe-recordings";
import { run as compactStatsRollup } from "@/server/statistics/compact-rollup";
import type { ScheduledJob } from "./types";

export type { ScheduledJob };

// Every scheduled job, in the order a tick runs them. Workstreams append their entries
// (vitals escalation, video reconcile, no-show marking) in their own block.
export const jobs: ScheduledJob[] = [
  // Notifications: reminders queue emails, so they run before delivery in the same tick.
  { name: "consultation-reminders", everyMs: 60_000, run: ({ now }) => sendDueReminders({ now }) },
  { name: "deliver-outbox", everyMs: 5_000, run: ({ now }) => deliverOutbox({ now }) },
  // Consultations: a closed join window without the patient makes a no-show.
  { name: "mark-no-shows", everyMs: 60_000, run: ({ now }) => markNoShows({ now }) },
  // Video: repair session and recording state after a lost provider webhook.
  { name: "video.reconcile", everyMs: 60_000, run: ({ now }) => reconcileVideo({ now }) },
  // Vitals: alerts nobody acknowledged in time are escalated by email.
  { name: "vitals.escalate-alerts", everyMs: 30_000, run: ({ now }) => escalateVitalsAlerts({ now }) },
  // Admin: seal new audit rows into the tamper-evident hash chain.
  { name: "audit.seal-chain", everyMs: 60_000, run: ({ now }) => sealAuditChain({ now }) },
  // Admin: recordings past their retention lose their file (the row and its audit stay).
  { name: "recordings.retention", everyMs: 60 * 60_000, run: ({ now }) => deleteExpiredRecordings({ now }) },
  // Transcription: completed recordings go to the speech-to-text service (in the background:
  // one can take minutes, and the other jobs must not wait for it).
  { name: "recordings.transcribe", everyMs: 30_000, run: ({ now }) => transcribeRecordings({ now }) },
  // Admin: fold the statistics rollup's new contributions (a few rows per write) into one row
  // per day and key, so a year of figures reads in milliseconds. Figures are exact either way.
  { name: "stats.compact-rollup", everyMs: 5 * 60_000, run: () => compactStatsRollup() },
];
