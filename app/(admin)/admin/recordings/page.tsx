import { VideoIcon } from "lucide-react";
import Link from "next/link";
import { LocalTime } from "@/components/common/local-time";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ADMIN_RECORDINGS_TID } from "@/lib/test-ids";
import { serverCaller } from "@/trpc/server";

export const metadata = { title: "Recordings" };
export const dynamic = "force-dynamic";

const size = (b: number | null) => (b === null ? "—" : b >= 1_048_576 ? `${(b / 1_048_576).toFixed(1)} MB` : `${Math.ceil(b / 1024)} KB`);
const duration = (s: number | null) => (s === null ? "—" : `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`);

/** Recordings with playback (through the audited streaming route) and the transcript beside the player. */
export default async function AdminRecordingsPage({ searchParams }: { searchParams: Promise<{ play?: string }> }) {
  const { play } = await searchParams;
  const recordings = await (await serverCaller()).admin.recordings();
  const playing = recordings.find((r) => r.id === play && r.status === "COMPLETED");

  return (
    <div className="space-y-6">
      <PageHeader title="Recordings" description="Every playback is recorded in the audit trail. Recordings are deleted automatically when their retention ends." />
      {playing ? (
        <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
          <Card>
            <CardHeader>
              <CardTitle>
                {playing.patientName} with {playing.clinicianName ?? "clinician"}
              </CardTitle>
              <CardDescription>
                <LocalTime value={playing.startedAt} /> · {duration(playing.durationSeconds)}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <video
                data-testid={ADMIN_RECORDINGS_TID.recordingPlayer}
                controls
                preload="metadata"
                className="w-full rounded-md bg-black"
                src={`/api/admin/recordings/${encodeURIComponent(playing.id)}`}
              />
            </CardContent>
          </Card>
          <Card data-testid={ADMIN_RECORDINGS_TID.recordingTranscript}>
            <CardHeader>
              <CardTitle>Transcript</CardTitle>
              <CardDescription>{playing.transcript ? playing.transcript.status.toLowerCase() : "not transcribed"}</CardDescription>
            </CardHeader>
            <CardContent className="max-h-96 overflow-y-auto text-sm whitespace-pre-wrap">
              {playing.transcript?.text ?? playing.transcript?.error ?? "No transcript for this recording."}
            </CardContent>
          </Card>
        </div>
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
                <TableCell className="tabular-nums">{duration(r.durationSeconds)}</TableCell>
                <TableCell className="tabular-nums">{size(r.sizeBytes)}</TableCell>
                <TableCell>{r.consentRecorded ? <Badge variant="success">Given</Badge> : <Badge variant="warning">Missing</Badge>}</TableCell>
                <TableCell>
                  <Badge variant={r.status === "COMPLETED" ? "secondary" : "outline"}>{r.status.toLowerCase()}</Badge>
                </TableCell>
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
