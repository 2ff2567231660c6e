import { forbidden } from "next/navigation";

// proxy.ts rewrites a request for a page outside the user's role here; forbidden()
// answers it with HTTP 403 and app/forbidden.tsx.
export default function ForbiddenRoute() {
  forbidden();
}
