import { VideoIcon } from "lucide-react";
import Link from "next/link";
import { LocalTime } from "@/components/common/local-time";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { RecordingPlayback, TranscriptStatusBadge } from "@/components/admin/recording-playback";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ADMIN_RECORDINGS_TID, TRANSCRIPT_TID } from "@/lib/test-ids";
import { serverCaller } from "@/trpc/server-caller";
import { formatDuration } from "@/lib/format";
import { TRPCReactProvider } from "@/trpc/react";

export const metadata = { title: "Recordings" };
export const dynamic = "force-dynamic";

const size = (b: number | null) => (b === null ? "—" : b >= 1_048_576 ? `${(b / 1_048_576).toFixed(1)} MB` : `${Math.ceil(b / 1024)} KB`);

/** Recordings with playback (through the audited streaming route) and the transcript beside the player (seek by clicking a line; retry a failed one). */
export default async function AdminRecordingsPage({ searchParams }: { searchParams: Promise<{ play?: string }> }) {
  const { play } = await searchParams;
  const recordings = await (await serverCaller()).admin.recordings();
  const playing = recordings.find((r) => r.id === play && r.status === "COMPLETED");
  // Read (and audited) only for the recording being played.
  const transcript = playing ? await (await serverCaller()).admin.transcript({ recordingId: playing.id }) : null;

  return (
    <div className="space-y-6">
      <PageHeader
        title="Recordings"
        description="Every playback is recorded in the audit trail. Recordings are deleted automatically when their retention ends."
      />
      {playing && transcript ? (
        <TRPCReactProvider>
          <RecordingPlayback
            src={`/api/admin/recordings/${encodeURIComponent(playing.id)}`}
            title={`${playing.patientName} with ${playing.clinicianName ?? "clinician"}`}
            description={
              <>
                <LocalTime value={playing.startedAt} /> · {formatDuration(playing.durationSeconds, { style: "clock" })}
              </>
            }
            view={transcript}
          />
        </TRPCReactProvider>
      ) : null}
      {recordings.length === 0 ? (
        <EmptyState icon={<VideoIcon />} title="No recordings" description="Recordings appear here once a recorded session has ended." />
      ) : (
        <Table data-testid={ADMIN_RECORDINGS_TID.recordingsTable}>
          <TableHeader>
            <TableRow>
              <TableHead>When</TableHead>
              <TableHead>Patient</TableHead>
              <TableHead>Clinician</TableHead>
              <TableHead>Duration</TableHead>
              <TableHead>Size</TableHead>
              <TableHead>Consent</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Transcript</TableHead>
              <TableHead>
                <span className="sr-only">Play</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {recordings.map((r) => (
              <TableRow key={r.id}>
                <TableCell>
                  <LocalTime value={r.startedAt} />
                </TableCell>
                <TableCell>{r.patientName}</TableCell>
                <TableCell>{r.clinicianName ?? "—"}</TableCell>
                <TableCell className="tabular-nums">{formatDuration(r.durationSeconds, { style: "clock" })}</TableCell>
                <TableCell className="tabular-nums">{size(r.sizeBytes)}</TableCell>
                <TableCell>{r.consentRecorded ? <Badge variant="success">Given</Badge> : <Badge variant="warning">Missing</Badge>}</TableCell>
                <TableCell>
                  <Badge variant={r.status === "COMPLETED" ? "secondary" : "outline"}>{r.status.toLowerCase()}</Badge>
                </TableCell>
                <TableCell>{r.transcript ? <TranscriptStatusBadge status={r.transcript.status} testId={TRANSCRIPT_TID.listStatus} /> : "—"}</TableCell>
                <TableCell className="text-right">
                  {r.status === "COMPLETED" ? (
                    <Link className="underline" href={`/admin/recordings?play=${encodeURIComponent(r.id)}`}>
                      Play
                    </Link>
                  ) : null}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
