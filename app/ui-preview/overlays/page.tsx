"use client";

import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuShortcut,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

export default function OverlaysPreview() {
  return (
    <div className="flex flex-wrap gap-6 p-8">
      <DropdownMenu defaultOpen modal={false}>
        <DropdownMenuTrigger asChild>
          <Button variant="outline">Visit actions</Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start">
          <DropdownMenuLabel>Visit</DropdownMenuLabel>
          <DropdownMenuItem>
            Reschedule <DropdownMenuShortcut>⌘R</DropdownMenuShortcut>
          </DropdownMenuItem>
          <DropdownMenuItem disabled>Export</DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem variant="destructive">Cancel visit</DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <div className="w-64">
        <Select defaultValue="b">
          <SelectTrigger aria-label="Clinician">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value="a">Dr Okafor</SelectItem>
            <SelectItem value="b">Dr Lindqvist</SelectItem>
          </SelectContent>
        </Select>
      </div>
      <Dialog defaultOpen>
        <DialogContent>
          <DialogHeader>
            <DialogTitle>End this consultation?</DialogTitle>
            <DialogDescription>The patient will be disconnected and the visit marked complete.</DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <Button variant="outline">Keep talking</Button>
            <Button variant="destructive">End consultation</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
