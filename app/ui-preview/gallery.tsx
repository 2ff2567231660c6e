"use client";

import { CalendarIcon, InboxIcon, PlusIcon, Trash2Icon, VideoIcon } from "lucide-react";
import { toast } from "sonner";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge, RiskBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Separator } from "@/components/ui/separator";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { Textarea } from "@/components/ui/textarea";
import { Tooltip, TooltipContent, TooltipTrigger } from "@/components/ui/tooltip";
import { PageHeader } from "@/components/layout/page-header";
import { Label } from "@/components/ui/label";

export function Gallery({ id }: { id: string }) {
  return (
    <div className="flex flex-col gap-8">
      <PageHeader
        title={`Design system (${id})`}
        description="Every primitive, as a clinician or patient would see it."
        actions={
          <>
            <Button variant="outline" onClick={() => toast.success("Vitals saved", { description: "Blood pressure 128/82" })}>
              Toast success
            </Button>
            <Button onClick={() => toast.error("Could not save")}>
              <PlusIcon /> New visit
            </Button>
          </>
        }
      />
      <section className="flex flex-wrap items-center gap-3">
        <Button>Default</Button>
        <Button variant="secondary">Secondary</Button>
        <Button variant="outline">Outline</Button>
        <Button variant="ghost">Ghost</Button>
        <Button variant="destructive">
          <Trash2Icon /> Destructive
        </Button>
        <Button variant="link">Link</Button>
        <Button loading>Saving</Button>
        <Button disabled>Disabled</Button>
        <Button size="sm">Small</Button>
        <Button size="lg">Large</Button>
        <Button size="icon" aria-label="Start video">
          <VideoIcon />
        </Button>
        <Button size="icon" loading aria-label="Start video">
          <VideoIcon />
        </Button>
        <Button asChild variant="outline">
          <a href="#x">As link</a>
        </Button>
        <Spinner />
        <Tooltip>
          <TooltipTrigger asChild>
            <Button variant="outline" size="icon" aria-label="Calendar">
              <CalendarIcon />
            </Button>
          </TooltipTrigger>
          <TooltipContent>Open the calendar</TooltipContent>
        </Tooltip>
      </section>
      <section className="flex flex-wrap items-center gap-2">
        <Badge>Default</Badge>
        <Badge variant="secondary">Secondary</Badge>
        <Badge variant="outline">Outline</Badge>
        <Badge variant="info">Info</Badge>
        <Badge variant="success">Paid</Badge>
        <Badge variant="warning">Pending</Badge>
        <Badge variant="destructive">Overdue</Badge>
        <RiskBadge risk="LOW" score={1} />
        <RiskBadge risk="LOW_MEDIUM" score={3} />
        <RiskBadge risk="MEDIUM" score={5} />
        <RiskBadge risk="HIGH" score={8} />
      </section>
      <section className="grid gap-3 md:grid-cols-2">
        <Alert variant="info">
          <AlertTitle>Your clinician will join shortly</AlertTitle>
          <AlertDescription>Keep this page open. We will let you know.</AlertDescription>
        </Alert>
        <Alert variant="success">
          <AlertTitle>Vitals received</AlertTitle>
          <AlertDescription>Thank you.</AlertDescription>
        </Alert>
        <Alert variant="warning">
          <AlertTitle>Camera blocked</AlertTitle>
          <AlertDescription>Allow camera access in your browser settings.</AlertDescription>
        </Alert>
        <Alert variant="destructive">
          <AlertTitle>Connection lost</AlertTitle>
          <AlertDescription>Trying to reconnect…</AlertDescription>
        </Alert>
      </section>
      <section className="grid gap-6 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Record vitals</CardTitle>
            <CardDescription>Values are checked against NEWS2 ranges.</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <FormField label="Heart rate (bpm)" description="Resting, seated" required>
              <Input inputMode="numeric" defaultValue="72" />
            </FormField>
            <FormField label="SpO₂ (%)" error="Enter a value between 50 and 100." required>
              <Input inputMode="numeric" defaultValue="140" />
            </FormField>
            <FormField label="Consciousness (ACVPU)" error="Choose one.">
              {(control) => (
                <Select>
                  <SelectTrigger {...control}>
                    <SelectValue placeholder="Choose…" />
                  </SelectTrigger>
                  <SelectContent>
                    <SelectItem value="alert">Alert</SelectItem>
                    <SelectItem value="confusion">New confusion</SelectItem>
                  </SelectContent>
                </Select>
              )}
            </FormField>
            <FormField label="Notes">
              <Textarea placeholder="Anything the clinician should know" />
            </FormField>
            <div className="grid gap-1.5">
              <Label htmlFor={`${id}-dis`}>Disabled</Label>
              <Input id={`${id}-dis`} disabled defaultValue="Read only value" />
            </div>
            <Select defaultValue="alert">
              <SelectTrigger aria-label="ACVPU">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value="alert">Alert</SelectItem>
                <SelectItem value="confusion">New confusion</SelectItem>
              </SelectContent>
            </Select>
          </CardContent>
          <CardFooter className="justify-end">
            <Button variant="ghost">Cancel</Button>
            <Button>Save</Button>
          </CardFooter>
        </Card>
        <div className="flex flex-col gap-6">
          <Tabs defaultValue="a">
            <TabsList>
              <TabsTrigger value="a">Overview</TabsTrigger>
              <TabsTrigger value="b">Vitals</TabsTrigger>
              <TabsTrigger value="c">Notes</TabsTrigger>
            </TabsList>
            <TabsContent value="a">
              <Card>
                <CardContent className="flex flex-col gap-2">
                  <Skeleton className="h-4 w-2/3" />
                  <Skeleton className="h-4 w-1/2" />
                  <Skeleton className="h-24 w-full" />
                </CardContent>
              </Card>
            </TabsContent>
          </Tabs>
          <Separator />
          <EmptyState
            icon={<InboxIcon />}
            title="No upcoming consultations"
            description="When a clinician books a visit with you it appears here."
            action={<Button>Book a consultation</Button>}
          />
        </div>
      </section>
      <Table>
        <TableCaption>Latest observations</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Patient</TableHead>
            <TableHead>Time</TableHead>
            <TableHead className="text-right">NEWS2</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          <TableRow>
            <TableCell className="font-medium">Ada Lovelace</TableCell>
            <TableCell className="tabular-nums">09:41</TableCell>
            <TableCell className="text-right">
              <RiskBadge risk="HIGH" score={7} />
            </TableCell>
          </TableRow>
          <TableRow>
            <TableCell className="font-medium">Grace Hopper</TableCell>
            <TableCell className="tabular-nums">09:12</TableCell>
            <TableCell className="text-right">
              <RiskBadge risk="LOW" score={0} />
            </TableCell>
          </TableRow>
        </TableBody>
      </Table>
    </div>
  );
}
