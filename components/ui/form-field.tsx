import { useId } from "react";
import { Slot } from "@/components/ui/slot";
import { CircleAlertIcon } from "lucide-react";

import { cn } from "@/lib/utils";
import { Label } from "@/components/ui/label";

/** Props `FormField` hands to its control; spread them onto any input-like element. */
export type FormControlProps = {
  id: string;
  "aria-describedby": string | undefined;
  "aria-invalid": true | undefined;
  "aria-required": true | undefined;
};

export type FormFieldProps = Omit<React.ComponentProps<"div">, "children"> & {
  label: React.ReactNode;
  /** Hint shown under the label, e.g. "As on your NHS card". */
  description?: React.ReactNode;
  /** Validation message(s). Any non-empty value marks the control `aria-invalid`. */
  error?: string | readonly string[] | null;
  /** Adds a visible "required" marker and `aria-required` on the control. */
  required?: boolean;
  /** Keep the label for screen readers only (use sparingly: visible labels help everyone). */
  hideLabel?: boolean;
  /** Control id; generated when omitted. */
  id?: string;
  /**
   * A single control element (`<Input />`, `<Textarea />`, `<SelectTrigger />`…) which
   * receives the wiring, or a render function for anything more involved.
   */
  children: React.ReactElement | ((control: FormControlProps) => React.ReactNode);
};

/**
 * Label + control + hint + error, wired together: the label points at the control, and the
 * control is described by the hint and the error, so a screen reader reads them when the
 * field gains focus (forms should move focus to the first invalid field on submit).
 */
export function FormField({ label, description, error, required = false, hideLabel = false, id: idProp, children, className, ...props }: FormFieldProps) {
  const generatedId = useId();
  const id = idProp ?? generatedId;
  const descriptionId = `${id}-description`;
  const errorId = `${id}-error`;
  const messages = (typeof error === "string" ? [error] : (error ?? [])).filter((m) => m.length > 0);
  const invalid = messages.length > 0;

  const control: FormControlProps = {
    id,
    "aria-describedby": [description ? descriptionId : null, invalid ? errorId : null].filter(Boolean).join(" ") || undefined,
    "aria-invalid": invalid || undefined,
    "aria-required": required || undefined,
  };

  return (
    <div data-slot="form-field" data-invalid={invalid || undefined} className={cn("grid gap-1.5", className)} {...props}>
      <Label htmlFor={id} className={cn(hideLabel && "sr-only")}>
        {label}
        {required ? (
          <span aria-hidden="true" className="text-destructive">
            *
          </span>
        ) : null}
      </Label>
      {description ? (
        <p id={descriptionId} className="text-sm text-muted-foreground">
          {description}
        </p>
      ) : null}
      {typeof children === "function" ? children(control) : <Slot {...control}>{children}</Slot>}
      {invalid ? (
        <div id={errorId} data-slot="form-field-error" className="flex items-start gap-1.5 text-sm font-medium text-destructive">
          <CircleAlertIcon aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          <div className="grid gap-0.5">
            {messages.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </div>
        </div>
      ) : null}
    </div>
  );
}
