import type { ReactNode } from "react";

/** A navigation item's icon beside its label: hidden from assistive technology, which reads the label. */
export function NavItemIcon({ icon }: { icon: ReactNode }) {
  return icon ? (
    <span aria-hidden="true" className="contents">
      {icon}
    </span>
  ) : null;
}
