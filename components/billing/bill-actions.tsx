"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { toast } from "@/components/ui/toast";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { Controller } from "react-hook-form";
import { errorMessage } from "@/lib/client-errors";
import { applyServerErrors, useSchemaForm } from "@/lib/forms/schema-form";
import { formatMoney } from "@/lib/format";
import { ZRecordPaymentInput } from "@/server/api/routers/billing/schemas";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";

type DialogKind = "charge" | "payment" | "waive" | { void: { id: string; label: string } } | null;

/** Staff actions on a visit's bill: add a charge, record a payment, void a line, waive (admin). */
export function useBillActions(visitId: string) {
  const [dialog, setDialog] = useState<DialogKind>(null);
  return { dialog, setDialog, element: <BillDialogs visitId={visitId} dialog={dialog} setDialog={setDialog} /> };
}

function BillDialogs({ visitId, dialog, setDialog }: { visitId: string; dialog: DialogKind; setDialog: (d: DialogKind) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const catalog = useQuery({ ...trpc.billing.catalog.queryOptions(), enabled: dialog === "charge" || (typeof dialog === "object" && dialog !== null) });
  const [itemId, setItemId] = useState("");
  const done = (message: string) => async () => {
    toast.success(message);
    setDialog(null);
    await refreshQueries(queryClient, { queryKey: trpc.visits.get.queryKey({ visitId }) });
  };
  const addCharge = useMutation(trpc.billing.addCharge.mutationOptions({ onSuccess: done("Charge added.") }));
  const voidCharge = useMutation(trpc.billing.voidCharge.mutationOptions({ onSuccess: done("Charge voided.") }));
  const waive = useMutation(trpc.billing.waive.mutationOptions({ onSuccess: done("Bill waived.") }));
  const close = () => {
    setDialog(null);
    addCharge.reset();
    voidCharge.reset();
    waive.reset();
  };
  const voidTarget = typeof dialog === "object" && dialog !== null ? dialog.void : null;

  return (
    <>
      <Dialog open={dialog === "charge"} onOpenChange={(o) => !o && close()}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Add a charge</DialogTitle>
            <DialogDescription>Choose a service from the catalog.</DialogDescription>
          </DialogHeader>
          <form
            className="space-y-4"
            onSubmit={(e: FormEvent<HTMLFormElement>) => {
              e.preventDefault();
              addCharge.mutate({ visitId, catalogItemId: itemId, quantity: Number(new FormData(e.currentTarget).get("quantity")) });
            }}
          >
            {addCharge.error && <Alert variant="destructive">{errorMessage(addCharge.error)}</Alert>}
            <FormField label="Service" required>
              {(control) => (
                <Select value={itemId} onValueChange={setItemId}>
                  <SelectTrigger {...control} data-testid="charge-item">
                    <SelectValue placeholder="Choose a service" />
                  </SelectTrigger>
                  <SelectContent>
                    {catalog.data?.map((i) => (
                      <SelectItem key={i.id} value={i.id}>
                        {i.code} · {i.name} · {formatMoney(i.priceMinor, i.currency)}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </FormField>
            <FormField label="Quantity" required>
              <Input name="quantity" type="number" min={1} max={100} defaultValue={1} />
            </FormField>
            <DialogFooter>
              <Button type="submit" disabled={!itemId} loading={addCharge.isPending}>
                Add charge
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>

      <Dialog open={dialog === "payment"} onOpenChange={(o) => !o && close()}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Record a payment</DialogTitle>
            <DialogDescription>Enter what was received. It cannot be more than the balance.</DialogDescription>
          </DialogHeader>
          {dialog === "payment" && <PaymentForm visitId={visitId} onDone={done("Payment recorded.")} />}
        </DialogContent>
      </Dialog>

      <Dialog open={voidTarget !== null} onOpenChange={(o) => !o && close()}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Void charge</DialogTitle>
            <DialogDescription>{voidTarget?.label}. The line stays on the bill, struck through, with your reason.</DialogDescription>
          </DialogHeader>
          <form
            className="space-y-4"
            onSubmit={(e: FormEvent<HTMLFormElement>) => {
              e.preventDefault();
              if (!voidTarget) return;
              const f = new FormData(e.currentTarget);
              voidCharge.mutate({
                chargeId: voidTarget.id,
                reason: String(f.get("reason") ?? ""),
                replacement: itemId ? { catalogItemId: itemId, quantity: 1 } : undefined,
              });
            }}
          >
            {voidCharge.error && <Alert variant="destructive">{errorMessage(voidCharge.error)}</Alert>}
            <FormField label="Reason" required>
              <Textarea name="reason" rows={2} required />
            </FormField>
            <FormField label="Replace with (optional)">
              {(control) => (
                <Select value={itemId} onValueChange={setItemId}>
                  <SelectTrigger {...control}>
                    <SelectValue placeholder="No replacement" />
                  </SelectTrigger>
                  <SelectContent>
                    {catalog.data?.map((i) => (
                      <SelectItem key={i.id} value={i.id}>
                        {i.code} · {i.name} · {formatMoney(i.priceMinor, i.currency)}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            </FormField>
            <DialogFooter>
              <Button type="submit" variant="destructive" loading={voidCharge.isPending}>
                Void charge
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>

      <Dialog open={dialog === "waive"} onOpenChange={(o) => !o && close()}>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>Waive this bill</DialogTitle>
            <DialogDescription>Nothing more will be owed on this visit. The reason is kept in the audit trail.</DialogDescription>
          </DialogHeader>
          <form
            className="space-y-4"
            onSubmit={(e: FormEvent<HTMLFormElement>) => {
              e.preventDefault();
              waive.mutate({ visitId, reason: String(new FormData(e.currentTarget).get("reason") ?? "") });
            }}
          >
            {waive.error && <Alert variant="destructive">{errorMessage(waive.error)}</Alert>}
            <FormField label="Reason" required>
              <Textarea name="reason" rows={2} required />
            </FormField>
            <DialogFooter>
              <Button type="submit" loading={waive.isPending}>
                Waive bill
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      </Dialog>
    </>
  );
}

const PAYMENT_FIELDS = ["amountMinor", "method", "reference"] as const;

/**
 * The payment form: checked in the browser with the procedure's own input schema
 * (ZRecordPaymentInput); the server's answers (e.g. more than the balance) land on the fields
 * they name, anything else in the alert above them.
 */
function PaymentForm({ visitId, onDone }: { visitId: string; onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const form = useSchemaForm(ZRecordPaymentInput, { visitId, method: "CARD" });
  const [problem, setProblem] = useState<string | null>(null);
  const pay = useMutation(
    trpc.billing.recordPayment.mutationOptions({
      onSuccess: onDone,
      onError: (err) => setProblem(applyServerErrors(form, err, PAYMENT_FIELDS) ? null : errorMessage(err)),
    }),
  );
  const { errors } = form.formState;
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={form.handleSubmit((values) => {
        setProblem(null);
        pay.mutate(values);
      })}
    >
      {problem && <Alert variant="destructive">{problem}</Alert>}
      <FormField label="Amount" required error={errors.amountMinor?.message}>
        <Input
          type="number"
          min={0.01}
          step={0.01}
          inputMode="decimal"
          data-testid="payment-amount"
          // Typed in major units ("45.00"), validated and sent in minor units (4500).
          {...form.register("amountMinor", { setValueAs: (v: string) => (v === "" || !Number.isFinite(Number(v)) ? 0 : Math.round(Number(v) * 100)) })}
        />
      </FormField>
      <FormField label="Method" required error={errors.method?.message}>
        {(control) => (
          <Controller
            control={form.control}
            name="method"
            render={({ field }) => (
              <Select value={field.value} onValueChange={field.onChange}>
                <SelectTrigger {...control} data-testid="payment-method">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  <SelectItem value="CARD">Card</SelectItem>
                  <SelectItem value="CASH">Cash</SelectItem>
                  <SelectItem value="INSURANCE">Insurance</SelectItem>
                  <SelectItem value="OTHER">Other</SelectItem>
                </SelectContent>
              </Select>
            )}
          />
        )}
      </FormField>
      <FormField label="Reference" description="Receipt, transaction or claim number." error={errors.reference?.message}>
        <Input maxLength={120} {...form.register("reference", { setValueAs: (v: string) => (v.trim() === "" ? undefined : v) })} />
      </FormField>
      <DialogFooter>
        <Button type="submit" loading={pay.isPending} data-testid="payment-submit">
          Record payment
        </Button>
      </DialogFooter>
    </form>
  );
}
