// The two Auth.js calls the browser makes (a sign-in form, the idle sign-out), as the plain
// requests `next-auth/react` sends for them: the CSRF token from /api/auth/csrf (double-submit
// with Auth.js's cookie), then a form post with `X-Auth-Return-Redirect: 1`, which makes
// Auth.js answer with JSON `{ url }` instead of a redirect. Without next-auth/react (its
// session client, provider list and tab broadcast, none of which this app uses) every page
// downloads less.

const AUTH_BASE = "/api/auth";

async function csrfToken(): Promise<string> {
  const res = await fetch(`${AUTH_BASE}/csrf`, { cache: "no-store" });
  const data = (await res.json()) as { csrfToken: string };
  return data.csrfToken;
}

/** Posts to Auth.js; throws, as next-auth/react did, when the answer carries no URL (e.g. a 503). */
async function post(path: string, fields: Record<string, string>, callbackUrl: string): Promise<{ res: Response; url: URL }> {
  const res = await fetch(`${AUTH_BASE}/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Auth-Return-Redirect": "1" },
    body: new URLSearchParams({ ...fields, csrfToken: await csrfToken(), callbackUrl }),
  });
  const data = (await res.json()) as { url: string };
  return { res, url: new URL(data.url, window.location.href) };
}

export interface SignInResult {
  ok: boolean;
  status: number;
  /** Auth.js's error type from the answer's URL, e.g. "CredentialsSignin". */
  error?: string;
}

/** Password sign-in (`credentials`) or a magic link by email (`email`); never navigates. */
export async function signIn(provider: "credentials" | "email", fields: Record<string, string>, callbackUrl: string): Promise<SignInResult> {
  const { res, url } = await post(provider === "credentials" ? "callback/credentials" : "signin/email", fields, callbackUrl);
  return { ok: res.ok, status: res.status, error: url.searchParams.get("error") ?? undefined };
}

/** Ends the session and goes where Auth.js says (`redirectTo` unless it refuses it). */
export async function signOut(redirectTo: string): Promise<void> {
  const { url } = await post("signout", {}, redirectTo);
  window.location.href = url.href;
  // A URL that differs only by its hash does not load a page.
  if (url.hash) window.location.reload();
}
