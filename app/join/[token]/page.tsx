import type { Metadata } from "next";
import Link from "next/link";
import { AuthLayout } from "@/components/layout/auth-layout";
import { JoinCheckIn } from "@/components/join/join-check-in";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { env } from "@/env";
import { LocalTime } from "@/components/common/local-time";
import { JOIN_TID } from "@/lib/test-ids";
import { getSessionUser } from "@/server/auth/session";
import { inspectJoinLink, recordJoinLinkViewed, type JoinLinkProblem } from "@/server/join-links/inspect-join-link";
import { joinLinkProblemMessage } from "@/server/join-links/redeem-join-link";
import { pageData } from "@/server/http/page-outage";
import { newRequestId } from "@/server/request-id";
import { ViewerClock } from "@/server/time/viewer-clock";
import { joinVisitAction, signOutAndReturnAction } from "./actions";

export const metadata: Metadata = { title: "Join your video visit", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

const PROBLEM_TITLES: Record<JoinLinkProblem, string> = {
  invalid: "This link does not work",
  revoked: "This link was withdrawn",
  expired: "This link has expired",
  cancelled: "This visit was cancelled",
  ended: "This visit has ended",
};

/** Messages for a failed POST (?e=…): reasons only, nothing about the visit. */
const POST_ERRORS: Record<string, string> = {
  other_user: "This browser is signed in to another account. Sign out first, then join.",
  room_not_ready: "The clinic has not opened the video room for this visit yet. Please try again in a few minutes.",
  rate_limited: "Too many attempts. Please wait a few minutes and try again.",
};

/**
 * The emailed join link lands here. GET (and HEAD) only show what the link is for and
 * change nothing, so mail scanners that open links consume nothing; the button POSTs.
 */
export default async function JoinPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<{ e?: string }> }) {
  const { token } = await params;
  const { e } = await searchParams;
  const view = await pageData(() => inspectJoinLink({ token }));

  if (view.status !== "ready") {
    return (
      <AuthLayout
        title={PROBLEM_TITLES[view.status]}
        footer={
          <span>
            Have an account? <Link href="/signin">Sign in</Link> to see your visits.
          </span>
        }
      >
        <div data-testid={JOIN_TID.joinProblem} data-reason={view.status} className="space-y-3">
          <p>{joinLinkProblemMessage(view.status)}</p>
          <p className="text-sm text-muted-foreground">{env.CLINIC_NAME} can send you a new link. Links only ever work for the person they were sent to.</p>
        </div>
      </AuthLayout>
    );
  }

  await pageData(() => recordJoinLinkViewed(view, newRequestId()));

  const current = await pageData(() => getSessionUser());
  if (current && current.id !== view.userId) {
    return (
      <AuthLayout title="You are signed in to another account">
        <div data-testid={JOIN_TID.joinOtherAccount} className="space-y-4">
          <p>
            This link is for someone else&apos;s visit, and this browser is signed in as <strong>{current.email}</strong>. To use the link, sign out first. If
            the link was sent to you, you can then join.
          </p>
          <form action={signOutAndReturnAction}>
            <input type="hidden" name="token" value={token} />
            <Button type="submit" variant="outline" className="w-full" data-testid={JOIN_TID.joinSignOut}>
              Sign out and continue
            </Button>
          </form>
        </div>
      </AuthLayout>
    );
  }

  // Times in the viewer's zone (their browser's, once known; until then their record's), the
  // same way /session shows them.
  const when = view.startsAt;
  const opens = view.window?.opensAt ?? null;
  const error = e ? (POST_ERRORS[e] ?? joinLinkProblemMessageOr(e)) : null;
  return (
    <ViewerClock fallbackTimeZone={view.timeZone}>
      <AuthLayout
        title={
          when ? (
            <>
              Join your video visit with {view.clinicianName} at <LocalTime value={when} dateStyle={null} />
            </>
          ) : (
            `Join your video visit with ${view.clinicianName}`
          )
        }
        description={view.role === "GUEST" ? `You are invited as a guest, ${view.inviteeName}.` : `Welcome, ${view.inviteeName}.`}
        footer={<span>Not {view.inviteeName}? Close this page: the link only works for the person it was sent to.</span>}
      >
        <div data-testid={JOIN_TID.joinPage} className="space-y-3">
          {error ? (
            <Alert variant="destructive" data-testid={JOIN_TID.joinError}>
              {error}
            </Alert>
          ) : null}
          {when ? (
            <dl data-testid={JOIN_TID.joinDetails} className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-0.5 rounded-md bg-muted/60 px-3 py-2 text-sm">
              <dt className="text-muted-foreground">When</dt>
              <dd className="font-medium">
                <LocalTime value={when} todayLabel="Today" />
              </dd>
              <dt className="text-muted-foreground">With</dt>
              <dd className="font-medium">{view.clinicianName}</dd>
            </dl>
          ) : null}
          <p className="text-sm text-muted-foreground">
            {view.windowState === "early" && opens ? (
              <>
                Check your camera and microphone, then join: the visit opens at <LocalTime value={opens} dateStyle={null} /> and you will be let in from the
                waiting room.
              </>
            ) : (
              "Check your camera and microphone, then join: you will wait in the waiting room until you are let in."
            )}
          </p>
          <JoinCheckIn token={token} sessionId={view.sessionId} recordingEnabled={view.recordingEnabled} action={joinVisitAction} />
        </div>
      </AuthLayout>
    </ViewerClock>
  );
}

function joinLinkProblemMessageOr(code: string): string {
  const known: JoinLinkProblem[] = ["invalid", "revoked", "expired", "cancelled", "ended"];
  return known.includes(code as JoinLinkProblem)
    ? joinLinkProblemMessage(code as JoinLinkProblem)
    : "We could not sign you in with this link. Please try again, or contact the clinic.";
}
