"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CalendarPlusIcon, ChevronLeftIcon, ChevronRightIcon } from "lucide-react";
import { type FormEvent, useEffect, useState } from "react";
import { toast } from "@/components/ui/toast";
import { useViewerClock } from "@/components/common/viewer-time-zone";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage, fieldErrors } from "@/lib/client-errors";
import { formatWhen } from "@/lib/format/when";
import { CLINIC_DAY } from "@/lib/scheduling/clinic-day";
import { TID } from "@/lib/test-ids";
import { cn } from "@/lib/utils";
import { ZBookInput, type TSlotsOutput } from "@/server/api/routers/consultations/schemas";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";

const pad = (n: number) => String(n).padStart(2, "0");
function localDateValue(d: Date) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
function localTimeValue(d: Date) {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
/** "2026-12-07" → "Mon 7 Dec" (a calendar date: no zone involved). */
function dayLabel(date: string) {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", weekday: "short", day: "numeric", month: "short" }).format(new Date(Date.UTC(y, m - 1, d)));
}

const NEW_VISIT = "new";
type Errors = Partial<Record<"patientId" | "scheduledStart" | "durationMinutes" | "reason" | "visitId", string>>;

/**
 * A clinician books a video consultation for one of their patients: the clinic day's free
 * slots (day or week), the next free slot as the default, and an explicit choice of visit.
 * Checked with the procedure's own schema (ZBookInput) before sending, so the messages here
 * and the server's are the same.
 */
export function BookConsultationDialog({ defaultPatientId, initialOpen = false }: { defaultPatientId?: string; initialOpen?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { timeZone, now } = useViewerClock();
  const [open, setOpen] = useState(initialOpen);
  const [patientId, setPatientId] = useState(defaultPatientId ?? "");
  const [visitChoice, setVisitChoice] = useState(NEW_VISIT);
  const [date, setDate] = useState("");
  const [time, setTime] = useState("");
  const [timeTouched, setTimeTouched] = useState(false);
  const [duration, setDuration] = useState(String(CLINIC_DAY.slotMinutes));
  const [durationTouched, setDurationTouched] = useState(false);
  const [reason, setReason] = useState("");
  const [view, setView] = useState<"day" | "week">("day");
  const [weekFrom, setWeekFrom] = useState<Date | null>(null);
  const [selectedDay, setSelectedDay] = useState<string | null>(null);
  const [dayPicked, setDayPicked] = useState(false);
  const [errors, setErrors] = useState<Errors>({});

  const patients = useQuery({ ...trpc.patients.list.queryOptions({ limit: 100 }), enabled: open });
  const slots = useQuery({ ...trpc.consultations.slots.queryOptions({ days: 7, ...(weekFrom ? { from: weekFrom } : {}) }), enabled: open });
  const openVisits = useQuery({ ...trpc.consultations.openVisits.queryOptions({ patientId }), enabled: open && patientId !== "" });

  // The default time is the clinician's next free slot (until the person picks one).
  const nextFree = slots.data?.nextFree?.start;
  useEffect(() => {
    if (!open || timeTouched || !nextFree) return;
    setDate(localDateValue(nextFree));
    setTime(localTimeValue(nextFree));
  }, [open, timeTouched, nextFree]);
  // The default length is one slot of the clinic's day (an admin's setting), until the person changes it.
  const slotMinutes = slots.data?.slotMinutes;
  useEffect(() => {
    if (open && !durationTouched && slotMinutes) setDuration(String(slotMinutes));
  }, [open, durationTouched, slotMinutes]);
  // The day shown is the first with a free slot, until the person picks a day: a day that has
  // just filled up (the last slot booked) moves on to the next one with room.
  useEffect(() => {
    if (!slots.data) return;
    const shown = selectedDay ? slots.data.days.find((d) => d.date === selectedDay) : undefined;
    if (shown && (dayPicked || shown.slots.some((s) => s.status === "free"))) return;
    const firstWithFree = slots.data.days.find((d) => d.slots.some((s) => s.status === "free")) ?? slots.data.days[0];
    if (firstWithFree && firstWithFree.date !== selectedDay) setSelectedDay(firstWithFree.date);
  }, [slots.data, selectedDay, dayPicked]);
  // A visit belongs to one patient: changing the patient goes back to "a new visit".
  useEffect(() => setVisitChoice(NEW_VISIT), [patientId]);

  const book = useMutation(
    trpc.consultations.book.mutationOptions({
      onSuccess: async () => {
        toast.success("Consultation booked. The patient will get an email with their join link.");
        setOpen(false);
        await Promise.all([
          refreshQueries(queryClient, { queryKey: trpc.consultations.upcoming.queryKey() }),
          refreshQueries(queryClient, { queryKey: trpc.consultations.slots.queryKey() }),
          // A booking may have opened a visit: the next booking offers it.
          refreshQueries(queryClient, { queryKey: trpc.consultations.openVisits.queryKey() }),
        ]);
      },
    }),
  );
  const serverFieldErrors = book.error ? fieldErrors(book.error) : {};
  const shownErrors: Errors = { ...serverFieldErrors, ...errors };

  function reset() {
    setTimeTouched(false);
    setDurationTouched(false);
    setDate("");
    setTime("");
    setErrors({});
    setReason("");
    setVisitChoice(NEW_VISIT);
    setWeekFrom(null);
    setSelectedDay(null);
    setDayPicked(false);
    book.reset();
  }

  function pickSlot(start: Date) {
    setTimeTouched(true);
    setDate(localDateValue(start));
    setTime(localTimeValue(start));
    setErrors((e) => ({ ...e, scheduledStart: undefined }));
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const input = {
      patientId,
      scheduledStart: date && time ? new Date(`${date}T${time}`) : undefined,
      durationMinutes: duration === "" ? undefined : Number(duration),
      reason: reason.trim() || undefined,
      ...(visitChoice !== NEW_VISIT ? { visitId: visitChoice } : {}),
      timeZone,
    };
    const parsed = ZBookInput.safeParse(input);
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0]) as keyof Errors;
        next[key] ??= issue.message;
      }
      setErrors(next);
      const first = e.currentTarget.querySelector<HTMLElement>("[aria-invalid='true']");
      first?.focus();
      return;
    }
    setErrors({});
    book.mutate(parsed.data);
  }

  const chosenVisit = openVisits.data?.find((v) => v.id === visitChoice);
  const chosenStart = date && time ? new Date(`${date}T${time}`).getTime() : null;

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button data-testid={TID.bookConsultation}>
          <CalendarPlusIcon aria-hidden />
          Book consultation
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[calc(100dvh-2rem)] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>Book a video consultation</DialogTitle>
          <DialogDescription>The patient receives an email with a one-click join link.</DialogDescription>
        </DialogHeader>
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          {book.error && !Object.keys(serverFieldErrors).length && (
            <Alert variant="destructive" data-testid={TID.bookError}>
              {errorMessage(book.error)}
            </Alert>
          )}
          <FormField label="Patient" required error={shownErrors.patientId}>
            {(control) => (
              <Select
                value={patientId}
                onValueChange={(v) => {
                  setPatientId(v);
                  setErrors((e) => ({ ...e, patientId: undefined }));
                }}
              >
                <SelectTrigger {...control} data-testid={TID.bookPatient}>
                  <SelectValue placeholder={patients.isPending ? "Loading patients…" : "Choose a patient"} />
                </SelectTrigger>
                <SelectContent>
                  {patients.data?.items.map((p) => (
                    <SelectItem key={p.id} value={p.id}>
                      {p.familyName}, {p.givenName} · {p.mrn}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            )}
          </FormField>

          {patientId ? (
            <fieldset className="space-y-2" data-testid={TID.bookVisit}>
              <legend className="text-sm font-medium">Visit</legend>
              <label className="flex items-start gap-2 text-sm">
                <input
                  type="radio"
                  name="visit"
                  value={NEW_VISIT}
                  className="mt-0.5 size-4"
                  checked={visitChoice === NEW_VISIT}
                  onChange={() => setVisitChoice(NEW_VISIT)}
                />
                <span>
                  <strong className="font-medium">A new visit</strong> <span className="text-muted-foreground">— its reason is the one you give below</span>
                </span>
              </label>
              {openVisits.data?.map((v) => (
                <label key={v.id} className="flex items-start gap-2 text-sm">
                  <input
                    type="radio"
                    name="visit"
                    value={v.id}
                    className="mt-0.5 size-4"
                    checked={visitChoice === v.id}
                    onChange={() => setVisitChoice(v.id)}
                  />
                  <span>
                    Add to the open visit <strong className="font-medium">{v.reason ?? "with no reason recorded"}</strong>{" "}
                    <span className="text-muted-foreground">(opened {formatWhen(v.openedAt, { timeZone, now, style: "date" }).text})</span>
                  </span>
                </label>
              ))}
              {openVisits.isPending ? <p className="text-xs text-muted-foreground">Looking for open visits…</p> : null}
              {openVisits.data?.length === 0 ? <p className="text-xs text-muted-foreground">No open visit with this patient.</p> : null}
            </fieldset>
          ) : null}

          <FormField
            label={chosenVisit ? "Reason for this appointment" : "Reason for the visit"}
            description="Shown on the visit and to the patient in their booking email."
            error={shownErrors.reason}
          >
            <Textarea name="reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid={TID.bookReason} />
          </FormField>

          <SlotPicker
            data={slots.data}
            loading={slots.isPending}
            error={slots.error ? errorMessage(slots.error) : null}
            view={view}
            onView={setView}
            selectedDay={selectedDay}
            onSelectDay={(day) => {
              setDayPicked(true);
              setSelectedDay(day);
            }}
            chosenStart={chosenStart}
            onPick={pickSlot}
            onWeek={(dir) => {
              const next = new Date((weekFrom ?? new Date()).getTime() + dir * 7 * 86_400_000);
              setWeekFrom(next.getTime() <= Date.now() ? null : next);
              setSelectedDay(null);
            }}
            canGoBack={weekFrom !== null}
            timeZone={timeZone}
            now={now}
          />

          <div className="grid grid-cols-2 gap-3">
            <FormField label="Date" required error={shownErrors.scheduledStart}>
              <Input
                name="date"
                type="date"
                value={date}
                onChange={(e) => {
                  setTimeTouched(true);
                  setDate(e.target.value);
                }}
                required
                data-testid={TID.bookDate}
              />
            </FormField>
            <FormField label="Time" required>
              <Input
                name="time"
                type="time"
                value={time}
                onChange={(e) => {
                  setTimeTouched(true);
                  setTime(e.target.value);
                }}
                step={300}
                required
                data-testid={TID.bookTime}
              />
            </FormField>
          </div>
          <FormField label="Duration (minutes)" required error={shownErrors.durationMinutes}>
            <Input
              name="duration"
              type="number"
              min={5}
              max={240}
              step={5}
              value={duration}
              onChange={(e) => {
                setDurationTouched(true);
                setDuration(e.target.value);
              }}
              required
              data-testid={TID.bookDuration}
            />
          </FormField>
          <DialogFooter>
            <Button type="submit" loading={book.isPending} data-testid={TID.bookSubmit}>
              Book
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** The clinician's clinic days as slots: one day at a time, or the week at a glance. */
function SlotPicker(props: {
  data: TSlotsOutput | undefined;
  loading: boolean;
  error: string | null;
  view: "day" | "week";
  onView: (v: "day" | "week") => void;
  selectedDay: string | null;
  onSelectDay: (d: string) => void;
  chosenStart: number | null;
  onPick: (start: Date) => void;
  onWeek: (dir: 1 | -1) => void;
  canGoBack: boolean;
  timeZone: string;
  now: Date;
}) {
  const { data, view } = props;
  const timeOf = (d: Date) => formatWhen(d, { timeZone: props.timeZone, now: d, style: "time" }).time;
  const zone = data?.days[0]?.slots[0] ? formatWhen(data.days[0].slots[0].start, { timeZone: props.timeZone, now: props.now }).zone : null;
  const slotButton = (s: TSlotsOutput["days"][number]["slots"][number], compact: boolean) => {
    const chosen = props.chosenStart === s.start.getTime();
    const label = timeOf(s.start);
    return (
      <button
        key={s.start.toISOString()}
        type="button"
        data-testid={TID.bookSlot}
        data-start={s.start.toISOString()}
        data-status={s.status}
        aria-pressed={chosen}
        disabled={s.status !== "free"}
        onClick={() => props.onPick(s.start)}
        title={s.status === "booked" ? "Booked" : s.status === "past" ? "Already past" : `Book at ${label}`}
        className={cn(
          "rounded-md border text-xs tabular-nums transition-colors",
          compact ? "px-1 py-1" : "px-2 py-1.5",
          s.status === "free" && !chosen && "border-primary/40 bg-background hover:bg-accent",
          s.status === "booked" && "cursor-not-allowed border-dashed bg-muted text-muted-foreground line-through",
          s.status === "past" && "cursor-not-allowed opacity-50",
          chosen && "border-primary bg-primary text-primary-foreground hover:bg-primary",
        )}
      >
        {label}
        {s.status === "booked" ? <span className="sr-only"> (booked)</span> : null}
      </button>
    );
  };
  return (
    <section aria-label="Free slots" className="space-y-2 rounded-lg border p-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-medium">Free slots{zone ? <span className="font-normal text-muted-foreground"> · times in {zone}</span> : null}</h3>
        <div className="flex items-center gap-1">
          <div role="group" aria-label="Slot view" className="inline-flex rounded-md border p-0.5">
            {(["day", "week"] as const).map((v) => (
              <button
                key={v}
                type="button"
                aria-pressed={view === v}
                onClick={() => props.onView(v)}
                className={cn("rounded px-2 py-0.5 text-xs", view === v ? "bg-primary text-primary-foreground" : "text-muted-foreground hover:text-foreground")}
              >
                {v === "day" ? "Day" : "Week"}
              </button>
            ))}
          </div>
          <Button type="button" variant="ghost" size="icon" aria-label="Previous week" disabled={!props.canGoBack} onClick={() => props.onWeek(-1)}>
            <ChevronLeftIcon aria-hidden />
          </Button>
          <Button type="button" variant="ghost" size="icon" aria-label="Next week" onClick={() => props.onWeek(1)}>
            <ChevronRightIcon aria-hidden />
          </Button>
        </div>
      </div>
      {props.error ? <Alert variant="destructive">{props.error}</Alert> : null}
      {props.loading ? <p className="text-xs text-muted-foreground">Loading the clinic day…</p> : null}
      {data && view === "day" ? (
        <>
          <div role="group" aria-label="Day" className="flex gap-1 overflow-x-auto pb-1">
            {data.days.map((d) => {
              const free = d.slots.filter((s) => s.status === "free").length;
              return (
                <button
                  key={d.date}
                  type="button"
                  aria-pressed={props.selectedDay === d.date}
                  data-date={d.date}
                  onClick={() => props.onSelectDay(d.date)}
                  className={cn(
                    "flex min-w-16 flex-col items-center rounded-md border px-2 py-1 text-xs",
                    props.selectedDay === d.date ? "border-primary bg-primary/10" : "hover:bg-accent",
                  )}
                >
                  <span className="font-medium">{dayLabel(d.date)}</span>
                  <span className="text-muted-foreground">{d.open ? `${free} free` : "Closed"}</span>
                </button>
              );
            })}
          </div>
          {(() => {
            const day = data.days.find((d) => d.date === props.selectedDay);
            if (!day) return null;
            if (!day.open) return <p className="text-sm text-muted-foreground">The clinic is closed on {dayLabel(day.date)}.</p>;
            return <div className="grid grid-cols-4 gap-1 sm:grid-cols-6">{day.slots.map((s) => slotButton(s, false))}</div>;
          })()}
        </>
      ) : null}
      {data && view === "week" ? (
        <div className="grid grid-cols-[repeat(7,minmax(4.25rem,1fr))] gap-1 overflow-x-auto">
          {data.days.map((d) => (
            <div key={d.date} className="min-w-0 space-y-1">
              <p className="truncate text-center text-xs font-medium">{dayLabel(d.date)}</p>
              {d.open ? (
                <div className="flex max-h-56 flex-col gap-1 overflow-y-auto">{d.slots.filter((s) => s.status !== "past").map((s) => slotButton(s, true))}</div>
              ) : (
                <p className="text-center text-xs text-muted-foreground">Closed</p>
              )}
            </div>
          ))}
        </div>
      ) : null}
      {data && !data.nextFree ? <p className="text-xs text-muted-foreground">No free slot in the next four weeks: choose a time below.</p> : null}
    </section>
  );
}
