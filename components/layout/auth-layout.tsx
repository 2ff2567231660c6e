import { cn } from "@/lib/utils";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { Logo } from "@/components/layout/logo";

export type AuthLayoutProps = {
  /** The card's heading, rendered as the page's `<h1>`, e.g. "Sign in". */
  title: React.ReactNode;
  description?: React.ReactNode;
  children: React.ReactNode;
  /** Under the card content, e.g. a "Need help?" link. */
  footer?: React.ReactNode;
  className?: string;
};

/** Centred single-card page for sign-in, join links and other signed-out screens. */
export function AuthLayout({ title, description, children, footer, className }: AuthLayoutProps) {
  return (
    <div className="flex min-h-dvh flex-col bg-muted/60 dark:bg-background">
      <header className="flex items-center justify-between px-4 py-3 sm:px-6 print:hidden">
        <Logo />
        <ThemeToggle />
      </header>
      <main id="main-content" className="flex flex-1 items-start justify-center px-4 pt-4 pb-12 sm:items-center sm:pt-0">
        <Card className={cn("w-full max-w-md shadow-md!", className)}>
          <CardHeader>
            <CardTitle as="h1" className="text-2xl!">
              {title}
            </CardTitle>
            {description ? <CardDescription className="text-base!">{description}</CardDescription> : null}
          </CardHeader>
          <CardContent className="flex flex-col gap-4">{children}</CardContent>
          {footer ? (
            <CardFooter className="border-t pt-5 text-sm text-muted-foreground [&_a]:font-medium [&_a]:text-foreground [&_a]:underline [&_a]:underline-offset-4">
              {footer}
            </CardFooter>
          ) : null}
        </Card>
      </main>
    </div>
  );
}
