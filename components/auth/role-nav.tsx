import {
  ActivityIcon,
  BellRingIcon,
  CalendarDaysIcon,
  ClockIcon,
  ClipboardListIcon,
  HeartPulseIcon,
  HomeIcon,
  LayoutDashboardIcon,
  MailIcon,
  PlugIcon,
  ReceiptIcon,
  ScrollTextIcon,
  UsersIcon,
  VideoIcon,
} from "lucide-react";
import type { NavItem } from "@/components/layout/app-shell";
import type { Role } from "@/lib/auth/session-policy";

/** The navigation each role sees, wherever in the app they are. */
export function navFor(role: Role): NavItem[] {
  switch (role) {
    case "CLINICIAN":
      return [
        { href: "/clinician", label: "Today", icon: <CalendarDaysIcon /> },
        { href: "/clinician/patients", label: "Patients", icon: <UsersIcon /> },
        { href: "/clinician/visits", label: "Visits", icon: <ClipboardListIcon /> },
        { href: "/clinician/alerts", label: "Alerts", icon: <BellRingIcon /> },
      ];
    case "ADMIN":
      return [
        { href: "/admin", label: "Overview", icon: <LayoutDashboardIcon /> },
        { href: "/admin/clinic", label: "Clinic hours", icon: <ClockIcon /> },
        { href: "/admin/catalog", label: "Catalog", icon: <ReceiptIcon /> },
        { href: "/admin/emails", label: "Emails", icon: <MailIcon /> },
        { href: "/admin/users", label: "Users", icon: <UsersIcon /> },
        { href: "/admin/recordings", label: "Recordings", icon: <VideoIcon /> },
        { href: "/admin/integrations", label: "Integrations", icon: <PlugIcon /> },
        { href: "/admin/audit", label: "Audit trail", icon: <ScrollTextIcon /> },
      ];
    case "PATIENT":
      return [
        { href: "/patient", label: "Home", icon: <HomeIcon /> },
        { href: "/patient/vitals", label: "Vitals", icon: <ActivityIcon /> },
        { href: "/patient/visits", label: "Visits", icon: <HeartPulseIcon /> },
      ];
    default:
      return [{ href: "/patient", label: "Home", icon: <HomeIcon /> }];
  }
}
