import { cn } from "@/lib/utils";

export type PageHeaderProps = Omit<React.ComponentProps<"header">, "title"> & {
  /** Rendered as the page's `<h1>`. */
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Buttons or links for the page; stacked under the title on phones, hidden in print. */
  actions?: React.ReactNode;
};

export function PageHeader({ title, description, actions, className, children, ...props }: PageHeaderProps) {
  return (
    <header data-slot="page-header" className={cn("mb-6 flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between", className)} {...props}>
      <div className="flex min-w-0 flex-col gap-1">
        <h1 className="text-2xl leading-tight font-semibold tracking-tight text-balance md:text-3xl">{title}</h1>
        {description ? <p className="max-w-prose text-sm text-muted-foreground md:text-base">{description}</p> : null}
        {children}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2 print:hidden">{actions}</div> : null}
    </header>
  );
}
