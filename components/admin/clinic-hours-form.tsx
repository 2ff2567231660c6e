"use client";

import { useMutation, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "@/components/ui/toast";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { errorMessage } from "@/lib/client-errors";
import { applyServerErrors, useSchemaForm } from "@/lib/forms/schema-form";
import { CLINIC_DAY, MAX_SLOT_MINUTES, MIN_SLOT_MINUTES, WEEKDAY_NAMES, wallTime } from "@/lib/scheduling/clinic-day";
import { CLINIC_HOURS_TID } from "@/lib/test-ids";
import { ZClinicHoursInput } from "@/server/api/routers/admin/clinic-hours.schema";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";

const FIELDS = ["opens", "closes", "slotMinutes", "weekdays"] as const;
// Monday first, as clinics plan their week.
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0] as const;
const MIDNIGHT = "24:00";
const DEFAULT_CLOSING = wallTime(CLINIC_DAY.closesMinute);

/**
 * The clinic's opening hours, slot length and open days, checked in the browser with the
 * procedure's own input schema. The booking dialog's free slots follow the saved values.
 */
export function ClinicHoursForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { data } = useSuspenseQuery(trpc.admin.clinicHours.queryOptions());
  const form = useSchemaForm(ZClinicHoursInput, { opens: data.opens, closes: data.closes, slotMinutes: data.slotMinutes, weekdays: data.weekdays });
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation(
    trpc.admin.updateClinicHours.mutationOptions({
      onSuccess: async (saved) => {
        form.reset({ opens: saved.opens, closes: saved.closes, slotMinutes: saved.slotMinutes, weekdays: saved.weekdays });
        toast.success("Clinic hours saved. New bookings offer slots within them.");
        await refreshQueries(queryClient, { queryKey: trpc.admin.clinicHours.queryKey() });
      },
      onError: (err) => setProblem(applyServerErrors(form, err, FIELDS) ? null : errorMessage(err)),
    }),
  );
  const { errors } = form.formState;
  const weekdays = form.watch("weekdays") ?? [];
  const untilMidnight = form.watch("closes") === MIDNIGHT;
  const toggleDay = (day: number, on: boolean) =>
    form.setValue("weekdays", on ? [...weekdays.filter((d) => d !== day), day] : weekdays.filter((d) => d !== day), {
      shouldDirty: true,
      shouldValidate: true,
    });

  return (
    <form
      noValidate
      className="grid max-w-xl gap-4"
      data-testid={CLINIC_HOURS_TID.form}
      data-customised={data.customised}
      onSubmit={form.handleSubmit((values) => {
        setProblem(null);
        save.mutate(values);
      })}
    >
      {problem && <Alert variant="destructive">{problem}</Alert>}
      <div className="grid gap-3 sm:grid-cols-3">
        <FormField label="Opens at" required error={errors.opens?.message} description="Each clinician's own time zone.">
          <Input type="time" step={300} data-testid={CLINIC_HOURS_TID.opens} {...form.register("opens")} />
        </FormField>
        <FormField label="Closes at" required error={errors.closes?.message}>
          {/* A time input cannot hold 24:00, so closing at midnight is a choice of its own. */}
          {untilMidnight ? (
            <Input type="text" readOnly value="Midnight (24:00)" data-testid={CLINIC_HOURS_TID.closes} />
          ) : (
            <Input type="time" step={300} data-testid={CLINIC_HOURS_TID.closes} {...form.register("closes")} />
          )}
        </FormField>
        <FormField label="Slot length (minutes)" required error={errors.slotMinutes?.message}>
          <Input
            type="number"
            min={MIN_SLOT_MINUTES}
            max={MAX_SLOT_MINUTES}
            step={5}
            data-testid={CLINIC_HOURS_TID.slotMinutes}
            {...form.register("slotMinutes", { valueAsNumber: true })}
          />
        </FormField>
      </div>
      <label className="flex items-center gap-1.5 text-sm">
        <input
          type="checkbox"
          className="size-4"
          data-testid={CLINIC_HOURS_TID.untilMidnight}
          checked={untilMidnight}
          onChange={(e) => form.setValue("closes", e.target.checked ? MIDNIGHT : DEFAULT_CLOSING, { shouldDirty: true, shouldValidate: true })}
        />
        Closes at midnight (24:00)
      </label>
      <fieldset className="grid gap-2" aria-describedby={errors.weekdays ? "clinic-weekdays-error" : undefined}>
        <legend className="text-sm font-medium">Open on</legend>
        <div className="flex flex-wrap gap-3">
          {WEEK_ORDER.map((day) => (
            <label key={day} className="flex items-center gap-1.5 text-sm">
              <input type="checkbox" className="size-4" checked={weekdays.includes(day)} onChange={(e) => toggleDay(day, e.target.checked)} />
              {WEEKDAY_NAMES[day]}
            </label>
          ))}
        </div>
        {errors.weekdays && (
          <p id="clinic-weekdays-error" role="alert" className="text-sm text-destructive">
            {errors.weekdays.message ?? errors.weekdays.root?.message}
          </p>
        )}
      </fieldset>
      <div className="flex items-center gap-3">
        <Button type="submit" loading={save.isPending} disabled={!form.formState.isDirty} data-testid={CLINIC_HOURS_TID.save}>
          Save clinic hours
        </Button>
        {!data.customised && <span className="text-sm text-muted-foreground">The built-in hours apply until you save your own.</span>}
      </div>
    </form>
  );
}
