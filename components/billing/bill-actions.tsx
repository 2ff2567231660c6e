"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage, fieldErrors } from "@/lib/client-errors";
import { formatMoney } from "@/lib/format";
import { useTRPC } from "@/trpc/react";

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
  const [method, setMethod] = useState<"CASH" | "CARD" | "INSURANCE" | "OTHER">("CARD");
  const done = (message: string) => async () => {
    toast.success(message);
    setDialog(null);
    await queryClient.invalidateQueries({ queryKey: trpc.visits.get.queryKey({ visitId }) });
  };
  const addCharge = useMutation(trpc.billing.addCharge.mutationOptions({ onSuccess: done("Charge added.") }));
  const pay = useMutation(trpc.billing.recordPayment.mutationOptions({ onSuccess: done("Payment recorded.") }));
  const voidCharge = useMutation(trpc.billing.voidCharge.mutationOptions({ onSuccess: done("Charge voided.") }));
  const waive = useMutation(trpc.billing.waive.mutationOptions({ onSuccess: done("Bill waived.") }));
  const close = () => {
    setDialog(null);
    addCharge.reset();
    pay.reset();
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
          <form
            className="space-y-4"
            onSubmit={(e: FormEvent<HTMLFormElement>) => {
              e.preventDefault();
              const f = new FormData(e.currentTarget);
              pay.mutate({ visitId, amountMinor: Math.round(Number(f.get("amount")) * 100), method, reference: String(f.get("reference") ?? "") || undefined });
            }}
          >
            {pay.error && !fieldErrors(pay.error).amountMinor && <Alert variant="destructive">{errorMessage(pay.error)}</Alert>}
            <FormField label="Amount" required error={pay.error ? fieldErrors(pay.error).amountMinor : undefined}>
              <Input name="amount" type="number" min={0.01} step={0.01} inputMode="decimal" required data-testid="payment-amount" />
            </FormField>
            <FormField label="Method" required>
              {(control) => (
                <Select value={method} onValueChange={(v) => setMethod(v as typeof method)}>
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
            </FormField>
            <FormField label="Reference" description="Receipt, transaction or claim number.">
              <Input name="reference" maxLength={120} />
            </FormField>
            <DialogFooter>
              <Button type="submit" loading={pay.isPending} data-testid="payment-submit">
                Record payment
              </Button>
            </DialogFooter>
          </form>
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
              voidCharge.mutate({ chargeId: voidTarget.id, reason: String(f.get("reason") ?? ""), replacement: itemId ? { catalogItemId: itemId, quantity: 1 } : undefined });
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
