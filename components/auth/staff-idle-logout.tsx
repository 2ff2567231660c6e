import { env } from "@/env";
import { isStaff, type Role } from "@/lib/auth/session-policy";
import { IdleLogout } from "./idle-logout";

/**
 * Staff are signed out after the idle timeout (with a warning); others are not. A server
 * component that frames pass as `idleLogout`, so that a frame whose area admits no staff (the
 * patient's) does not import the client part: a client component is downloaded wherever it
 * is imported, rendered or not.
 */
export function StaffIdleLogout({ role }: { role: Role }) {
  return isStaff(role) ? <IdleLogout timeoutMs={env.STAFF_IDLE_TIMEOUT_MINUTES * 60_000} /> : null;
}
