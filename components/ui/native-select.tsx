import { ChevronDownIcon } from "lucide-react";

import { cn } from "@/lib/utils";

/**
 * The browser's own `<select>`, drawn like SelectTrigger: for short fixed lists in forms that
 * load with a page (the vitals entry and thresholds forms), where Radix Select would add
 * ~35 KiB gz (floating-ui, focus scope, dismissable layer). Phones show their own picker.
 * A `placeholder` is shown while the value is "" and cannot be chosen back.
 */
export function NativeSelect({ className, placeholder, children, ...props }: React.ComponentProps<"select"> & { placeholder?: string }) {
  return (
    <div data-slot="native-select" className="relative w-full">
      <select
        className={cn(
          "flex h-11 w-full appearance-none items-center rounded-md border border-input bg-background py-2 pr-9 pl-3 text-left text-base shadow-xs md:h-10 md:text-sm",
          "focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring",
          "disabled:cursor-not-allowed disabled:bg-muted disabled:opacity-70",
          "aria-[invalid=true]:border-destructive aria-[invalid=true]:focus-visible:outline-destructive",
          props.value === "" && placeholder ? "text-muted-foreground" : null,
          className,
        )}
        {...props}
      >
        {placeholder ? (
          <option value="" disabled>
            {placeholder}
          </option>
        ) : null}
        {children}
      </select>
      <ChevronDownIcon aria-hidden="true" className="pointer-events-none absolute top-1/2 right-3 size-4 -translate-y-1/2 text-muted-foreground" />
    </div>
  );
}
