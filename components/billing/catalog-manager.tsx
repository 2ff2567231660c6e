"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent } from "react";
import { toast } from "@/components/ui/toast";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { errorMessage, fieldErrors } from "@/lib/client-errors";
import { formatMoney } from "@/lib/format";
import { useTRPC } from "@/trpc/react";
import { refreshQueries } from "@/trpc/refresh";

/** Admins keep the service catalog: add items, change prices, retire items. */
export function CatalogManager({ defaultCurrency }: { defaultCurrency: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.billing.catalog.queryOptions({ includeInactive: true }));
  const refresh = () => refreshQueries(queryClient, { queryKey: trpc.billing.catalog.queryKey() });
  const create = useMutation(
    trpc.billing.catalogCreate.mutationOptions({
      onSuccess: async () => {
        toast.success("Item added.");
        await refresh();
      },
    }),
  );
  const update = useMutation(trpc.billing.catalogUpdate.mutationOptions({ onSuccess: refresh, onError: (e) => toast.error(errorMessage(e)) }));
  const errors = create.error ? fieldErrors(create.error) : {};

  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({
      code: String(f.get("code") ?? ""),
      name: String(f.get("name") ?? ""),
      description: String(f.get("description") ?? "") || undefined,
      priceMinor: Math.round(Number(f.get("price")) * 100),
      currency: String(f.get("currency") ?? defaultCurrency),
    });
  }

  return (
    <div className="space-y-6">
      {list.isPending ? (
        <Skeleton className="h-40" />
      ) : list.isError ? (
        <Alert variant="destructive">{list.error.message}</Alert>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Code</TableHead>
              <TableHead>Name</TableHead>
              <TableHead className="text-right">Price</TableHead>
              <TableHead>Status</TableHead>
              <TableHead />
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.data.map((i) => (
              <TableRow key={i.id}>
                <TableCell className="font-mono">{i.code}</TableCell>
                <TableCell>{i.name}</TableCell>
                <TableCell className="text-right tabular-nums">{formatMoney(i.priceMinor, i.currency)}</TableCell>
                <TableCell>{i.active ? <Badge variant="success">Active</Badge> : <Badge variant="outline">Inactive</Badge>}</TableCell>
                <TableCell className="text-right">
                  <Button size="sm" variant="ghost" onClick={() => update.mutate({ id: i.id, active: !i.active })}>
                    {i.active ? "Deactivate" : "Activate"}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Card>
        <CardHeader>
          <CardTitle>Add a service</CardTitle>
        </CardHeader>
        <CardContent>
          <form onSubmit={onCreate} className="grid gap-4 md:grid-cols-2">
            {create.error && !Object.keys(errors).length && (
              <Alert variant="destructive" className="md:col-span-2">
                {errorMessage(create.error)}
              </Alert>
            )}
            <FormField label="Code" required error={errors.code}>
              <Input name="code" placeholder="RX-REVIEW" required />
            </FormField>
            <FormField label="Name" required error={errors.name}>
              <Input name="name" required />
            </FormField>
            <FormField label="Price" required error={errors.priceMinor}>
              <Input name="price" type="number" min={0} step={0.01} required />
            </FormField>
            <FormField label="Currency" required error={errors.currency}>
              <Input name="currency" defaultValue={defaultCurrency} maxLength={3} required />
            </FormField>
            <FormField label="Description" className="md:col-span-2" error={errors.description}>
              <Input name="description" />
            </FormField>
            <div className="md:col-span-2">
              <Button type="submit" loading={create.isPending}>
                Add to catalog
              </Button>
            </div>
          </form>
        </CardContent>
      </Card>
    </div>
  );
}
