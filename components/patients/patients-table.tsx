"use client";

import { useQuery } from "@tanstack/react-query";
import { ActivityIcon, SearchIcon, UsersIcon } from "lucide-react";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Alert } from "@/components/ui/alert";
import { TID } from "@/lib/test-ids";
import { useTRPC } from "@/trpc/react";

function age(dob: Date): number {
  const now = new Date();
  let a = now.getUTCFullYear() - dob.getUTCFullYear();
  const m = now.getUTCMonth() - dob.getUTCMonth();
  if (m < 0 || (m === 0 && now.getUTCDate() < dob.getUTCDate())) a--;
  return a;
}

export function PatientsTable() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search);
  const query = useQuery(trpc.patients.list.queryOptions({ search: deferred || undefined, limit: 50 }));

  return (
    <div className="space-y-3">
      <label className="relative block max-w-sm">
        <span className="sr-only">Search patients</span>
        <SearchIcon aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" />
        <Input className="pl-9" placeholder="Search by name or MRN" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      {query.isPending ? (
        <div className="space-y-2">
          <Skeleton className="h-10" />
          <Skeleton className="h-10" />
          <Skeleton className="h-10" />
        </div>
      ) : query.isError ? (
        <Alert variant="destructive">{query.error.message}</Alert>
      ) : query.data.items.length === 0 ? (
        <EmptyState
          icon={<UsersIcon />}
          title={search ? "No patients match" : "No patients yet"}
          description={search ? "Try another name or MRN." : "Patients you look after appear here."}
        />
      ) : (
        <Table data-testid={TID.patientsTable}>
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>MRN</TableHead>
              <TableHead>Age</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {query.data.items.map((p) => (
              <TableRow key={p.id}>
                <TableCell className="font-medium">
                  {p.familyName}, {p.givenName}
                </TableCell>
                <TableCell className="font-mono text-sm">{p.mrn}</TableCell>
                <TableCell>{age(p.dateOfBirth)}</TableCell>
                <TableCell className="space-x-1">
                  {p.hasOpenVisit && <Badge variant="info">Open visit</Badge>}
                  {!p.hasPortalAccount && <Badge variant="outline">No portal account</Badge>}
                </TableCell>
                <TableCell className="text-right">
                  <Link
                    href={`/clinician/patients/${p.id}/vitals`}
                    className="inline-flex min-h-11 items-center gap-1.5 text-sm font-medium text-primary underline-offset-4 hover:underline md:min-h-0"
                    data-testid={TID.vitalsPatientLink}
                    aria-label={`Vitals for ${p.givenName} ${p.familyName}`}
                  >
                    <ActivityIcon aria-hidden className="size-4" /> Vitals
                  </Link>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
