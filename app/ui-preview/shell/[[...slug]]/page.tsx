import { BellIcon, CalendarIcon, CreditCardIcon, HeartPulseIcon, HomeIcon, SettingsIcon, UsersIcon } from "lucide-react";

import { AppShell } from "@/components/layout/app-shell";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { Gallery } from "../../gallery";

async function signOutAction() {
  "use server";
}

export default function ShellPreview() {
  return (
    <AppShell
      user={{ name: "Dr Jane Okafor", role: "CLINICIAN" }}
      homeHref="/ui-preview/shell"
      onSignOutAction={signOutAction}
      connectionSlot={<Badge variant="success">Live</Badge>}
      nav={[
        { href: "/ui-preview/shell", label: "Today", icon: <HomeIcon /> },
        { href: "/ui-preview/shell/calendar", label: "Calendar", icon: <CalendarIcon /> },
        { href: "/ui-preview/shell/patients", label: "Patients", icon: <UsersIcon /> },
        { href: "/ui-preview/shell/vitals", label: "Vitals", icon: <HeartPulseIcon /> },
        { href: "/ui-preview/shell/billing", label: "Billing", icon: <CreditCardIcon /> },
        { href: "/ui-preview/shell/alerts", label: "Alerts", icon: <BellIcon /> },
        { href: "/ui-preview/shell/settings", label: "Settings", icon: <SettingsIcon /> },
      ]}
    >
      <PageHeader title="Today" description="Your consultations and alerts." actions={<Button>Start next visit</Button>} />
      <Gallery id="shell" />
    </AppShell>
  );
}
