import { cn } from "@/lib/utils";
import { fieldControlClasses } from "@/components/ui/input";

export type TextareaProps = React.ComponentProps<"textarea">;

export function Textarea({ className, rows = 4, ...props }: TextareaProps) {
  return (
    <textarea
      data-slot="textarea"
      rows={rows}
      className={cn(fieldControlClasses, "min-h-20 px-3 py-2 leading-relaxed field-sizing-content", className)}
      {...props}
    />
  );
}
