import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { env } from "@/env";
import { authorizeJoinLink } from "@/server/auth/join-link-provider";
import { db } from "@/server/db";
import { notifyConsultationBooked } from "@/server/notifications/consultation-notifications";
import { notifyGuestInvited } from "@/server/notifications/session-notifications";
import { callerAs, makeBookedConsultation, makeClinician, makeSession, makeUser } from "@/tests/helpers/factories";
import { inspectJoinLink } from "./inspect-join-link";
import { redeemJoinLink } from "./redeem-join-link";
import { hashJoinToken } from "./token";
import { rendered } from "@/tests/helpers/emails";

const MIN = 60_000;
const inMinutes = (m: number, from = Date.now()) => new Date(from + m * MIN);
const system = { system: "seed" as const, requestId: "test" };

/** Book through the notification helper, as the consultations workstream does, and read the token from the email. */
async function booked(opts: { start?: Date; patientTimeZone?: string } = {}) {
  const b = await makeBookedConsultation({ start: opts.start ?? inMinutes(5), patientTimeZone: opts.patientTimeZone, clinicianName: "Amara Okafor" });
  const r = await db.$transaction((tx) =>
    notifyConsultationBooked(tx, { consultationId: b.consultation.id, actor: { userId: b.clinician.id, role: "CLINICIAN", requestId: "book" } }),
  );
  const email = await rendered(db.emailMessage.findUniqueOrThrow({ where: { id: r.patientEmailId! } }));
  const token = /\/join\/([A-Za-z0-9_-]{43})/.exec(email.text)![1]!;
  return { ...b, ...r, email, token };
}

const redeem = (token: string, currentUserId: string | null = null, now?: Date) => redeemJoinLink({ token, currentUserId, requestId: "t", now });

describe("join links from a booking", () => {
  it("stores only the token's SHA-256, bound to the consultation and the patient, valid until the join window closes", async () => {
    const start = inMinutes(60 * 24 * 3);
    const b = await booked({ start });
    const link = await db.joinLink.findUniqueOrThrow({ where: { id: b.joinLinkId! } });
    expect(link).toMatchObject({
      tokenHash: hashJoinToken(b.token),
      consultationId: b.consultation.id,
      userId: b.patientUser.id,
      role: "PATIENT",
      useCount: 0,
    });
    expect(JSON.stringify(link)).not.toContain(b.token);
    expect(link.expiresAt).toEqual(new Date(start.getTime() + env.JOIN_WINDOW_AFTER_MINUTES * MIN));
    expect(b.email.to).toBe(b.patientUser.email);
  });

  it("shows who and when in the invitee's time zone, and looking (GET/HEAD) consumes nothing", async () => {
    const b = await booked({ start: new Date(Date.UTC(2031, 0, 14, 15, 30)), patientTimeZone: "Asia/Tokyo" });
    const now = new Date(Date.UTC(2031, 0, 14, 15, 25));
    for (let i = 0; i < 3; i++) {
      const view = await inspectJoinLink({ token: b.token, now });
      expect(view).toMatchObject({ status: "ready", clinicianName: "Dr Amara Okafor", timeZone: "Asia/Tokyo", sessionId: b.session.id, windowState: "open" });
    }
    const link = await db.joinLink.findUniqueOrThrow({ where: { id: b.joinLinkId! } });
    expect(link).toMatchObject({ useCount: 0, lastUsedAt: null });
    expect(await db.authSession.count({ where: { userId: b.patientUser.id } })).toBe(0);
  });

  it("signs in the patient for that one session, and again after a drop (reusable inside the window)", async () => {
    const b = await booked();
    const first = await redeem(b.token);
    expect(first).toMatchObject({ userId: b.patientUser.id, role: "PATIENT", sessionId: b.session.id });
    const again = await redeem(b.token);
    expect(again.userId).toBe(b.patientUser.id);
    expect(await db.joinLink.findUniqueOrThrow({ where: { id: b.joinLinkId! } })).toMatchObject({ useCount: 2 });
    expect(await db.auditEvent.count({ where: { action: "join_link.redeem", entityId: b.joinLinkId!, actorId: b.patientUser.id } })).toBe(2);
  });

  it("stops working when the join window closes, and says only that it expired", async () => {
    const start = inMinutes(5);
    const b = await booked({ start });
    const lastMoment = new Date(start.getTime() + env.JOIN_WINDOW_AFTER_MINUTES * MIN - 1000);
    expect((await redeem(b.token, null, lastMoment)).sessionId).toBe(b.session.id);
    const closed = new Date(start.getTime() + env.JOIN_WINDOW_AFTER_MINUTES * MIN);
    expect(await inspectJoinLink({ token: b.token, now: closed })).toEqual({ status: "expired" });
    await expect(redeem(b.token, null, closed)).rejects.toMatchObject({ code: "PRECONDITION_FAILED", reason: "expired" });
  });

  it("keeps working after the window closed for a patient admitted to the running call, until it ends", async () => {
    const start = inMinutes(5);
    const b = await booked({ start });
    const closed = new Date(start.getTime() + env.JOIN_WINDOW_AFTER_MINUTES * MIN + 10 * MIN);
    // Never admitted: expired.
    expect(await inspectJoinLink({ token: b.token, now: closed })).toEqual({ status: "expired" });
    await db.telemedicineSession.update({ where: { id: b.session.id }, data: { status: "IN_PROGRESS", startedAt: new Date() } });
    await db.sessionParticipant.upsert({
      where: { sessionId_userId: { sessionId: b.session.id, userId: b.patientUser.id } },
      create: { sessionId: b.session.id, userId: b.patientUser.id, role: "PATIENT", displayName: "Pat", arrivedAt: new Date(), admittedAt: new Date() },
      update: { arrivedAt: new Date(), admittedAt: new Date() },
    });
    expect(await inspectJoinLink({ token: b.token, now: closed })).toMatchObject({ status: "ready", rejoin: true, windowState: "open" });
    expect(await redeem(b.token, null, closed)).toMatchObject({ userId: b.patientUser.id, sessionId: b.session.id });
    await db.telemedicineSession.update({ where: { id: b.session.id }, data: { status: "COMPLETED", endedAt: new Date() } });
    expect(await inspectJoinLink({ token: b.token, now: closed })).toEqual({ status: "ended" });
  });

  it("answers an unknown or malformed token exactly like a missing one", async () => {
    await booked();
    expect(await inspectJoinLink({ token: "x".repeat(43) })).toEqual({ status: "invalid" });
    expect(await inspectJoinLink({ token: "not a token" })).toEqual({ status: "invalid" });
    await expect(redeem("y".repeat(43))).rejects.toMatchObject({ code: "NOT_FOUND", reason: "invalid" });
  });

  it("never signs anyone in as a different user: a browser signed in as someone else is refused", async () => {
    const b = await booked();
    const stranger = await makeUser("PATIENT");
    await expect(redeem(b.token, stranger.id)).rejects.toMatchObject({ code: "FORBIDDEN", reason: "other_user" });
    expect(await db.joinLink.findUniqueOrThrow({ where: { id: b.joinLinkId! } })).toMatchObject({ useCount: 0 });
    expect(await db.auditEvent.count({ where: { action: "join_link.redeem", outcome: "DENIED", actorId: stranger.id } })).toBe(1);
    // The same person already signed in is fine.
    expect((await redeem(b.token, b.patientUser.id)).userId).toBe(b.patientUser.id);
  });

  it("a cancelled visit's link stops working; a rescheduled visit's old link stops and the new one follows the new time", async () => {
    const c1 = await booked();
    await callerAs(c1.clinician).consultations.cancel({ consultationId: c1.consultation.id, reason: "Clinic closed" });
    expect(await inspectJoinLink({ token: c1.token })).toEqual({ status: "revoked" });

    const c2 = await booked();
    const newStart = inMinutes(60 * 48);
    // Moved by the front desk (an admin), so the clinician is told too.
    await callerAs(await makeUser("ADMIN")).consultations.reschedule({ consultationId: c2.consultation.id, scheduledStart: newStart });
    expect(await inspectJoinLink({ token: c2.token })).toEqual({ status: "revoked" });
    const fresh = await db.joinLink.findFirstOrThrow({ where: { consultationId: c2.consultation.id, role: "PATIENT", revokedAt: null } });
    expect(fresh.expiresAt).toEqual(new Date(newStart.getTime() + env.JOIN_WINDOW_AFTER_MINUTES * MIN));
    const email = await db.emailMessage.findFirstOrThrow({ where: { to: c2.patientUser.email, template: "consultation-rescheduled" } });
    expect(email.template).toBe("consultation-rescheduled");
    expect(await db.emailMessage.count({ where: { template: "consultation-rescheduled", to: c2.clinician.email } })).toBe(1);
  });

  it("a link for one session never leads into another, and a guest's link signs in only that guest", async () => {
    const a = await booked();
    const b = await booked();
    const guest = await makeUser("GUEST", "Carlos Guest");
    await db.sessionParticipant.create({ data: { sessionId: a.session.id, userId: guest.id, role: "GUEST", displayName: "Carlos Guest" } });
    const invite = await db.$transaction((tx) =>
      notifyGuestInvited(tx, { sessionId: a.session.id, guestUserId: guest.id, actor: { userId: a.clinician.id, role: "CLINICIAN", requestId: "i" } }),
    );
    const guestEmail = await rendered(db.emailMessage.findUniqueOrThrow({ where: { id: invite.emailId } }));
    const guestToken = /\/join\/([A-Za-z0-9_-]{43})/.exec(guestEmail.text)![1]!;
    const redeemed = await redeem(guestToken);
    expect(redeemed).toMatchObject({ userId: guest.id, role: "GUEST", sessionId: a.session.id });
    expect(redeemed.sessionId).not.toBe(b.session.id);
    expect((await redeem(b.token)).sessionId).toBe(b.session.id);
  });
});

describe("the Auth.js join-link provider", () => {
  const request = (cookie?: string) => new Request("http://localhost:3100/api/auth/callback/join-link", { method: "POST", headers: cookie ? { cookie } : {} });

  async function cookieFor(user: { id: string; role: string }) {
    const s = await db.authSession.create({ data: { userId: user.id, method: "password", expiresAt: inMinutes(60) } });
    const now = Date.now();
    const jwt = await encode({
      token: { uid: user.id, role: user.role as "PATIENT", sid: s.id, authTime: now, lastActivity: now },
      secret: env.AUTH_SECRET!,
      salt: "authjs.session-token",
    });
    return { cookie: `authjs.session-token=${jwt}`, authSessionId: s.id };
  }

  it("returns the link's own invitee, scoped to the session", async () => {
    const b = await booked();
    expect(await authorizeJoinLink({ token: b.token }, request())).toMatchObject({ id: b.patientUser.id, role: "PATIENT", scopeSessionId: b.session.id });
  });

  it("refuses when the browser's cookie belongs to another signed-in user, but not once that session is over", async () => {
    const b = await booked();
    const clinician = await makeClinician();
    const { cookie, authSessionId } = await cookieFor(clinician);
    await expect(authorizeJoinLink({ token: b.token }, request(cookie))).rejects.toMatchObject({ code: "other_user" });
    await db.authSession.update({ where: { id: authSessionId }, data: { revokedAt: new Date() } });
    expect(await authorizeJoinLink({ token: b.token }, request(cookie))).toMatchObject({ id: b.patientUser.id });
  });

  it("refuses a revoked link with a reason and no details", async () => {
    const b = await booked();
    await callerAs(b.clinician).joinLinks.revoke({ joinLinkId: b.joinLinkId! });
    await expect(authorizeJoinLink({ token: b.token }, request())).rejects.toMatchObject({ code: "revoked" });
    await expect(authorizeJoinLink({ token: 42 as unknown as string }, request())).rejects.toMatchObject({ code: "invalid" });
  });
});

describe("joinLinks procedures", () => {
  it("lets the consultation's clinician list, resend and revoke; a colleague gets NOT_FOUND, a patient FORBIDDEN", async () => {
    const b = await booked();
    const clinician = callerAs(b.clinician);
    const resent = await clinician.joinLinks.resend({ consultationId: b.consultation.id });
    const email = await db.emailMessage.findUniqueOrThrow({ where: { id: resent.emailId } });
    expect(email.subject).toMatch(/^Your join link for the video visit with Dr Amara Okafor/);
    expect(email.to).toBe(b.patientUser.email);

    let links = await clinician.joinLinks.list({ consultationId: b.consultation.id });
    expect(links.map((l) => l.active)).toEqual([true, true]);
    expect(links[0]!.invitee.id).toBe(b.patientUser.id);

    const colleague = await makeClinician();
    await expect(callerAs(colleague).joinLinks.list({ consultationId: b.consultation.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerAs(colleague).joinLinks.revoke({ joinLinkId: b.joinLinkId! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.auditEvent.count({ where: { actorId: colleague.id, outcome: "DENIED" } })).toBeGreaterThanOrEqual(2);
    await expect(callerAs(b.patientUser).joinLinks.revoke({ joinLinkId: b.joinLinkId! })).rejects.toMatchObject({ code: "FORBIDDEN" });

    // Revoking the patient's access ends their join-link sign-ins for the session too.
    const signIn = await db.authSession.create({
      data: { userId: b.patientUser.id, method: "join-link", scopeSessionId: b.session.id, expiresAt: inMinutes(60) },
    });
    const out = await clinician.joinLinks.revokeInvitee({ consultationId: b.consultation.id, userId: b.patientUser.id });
    expect(out).toEqual({ revokedLinks: 2, endedSignIns: 1 });
    expect((await db.authSession.findUniqueOrThrow({ where: { id: signIn.id } })).revokedAt).not.toBeNull();
    links = await clinician.joinLinks.list({ consultationId: b.consultation.id });
    expect(links.every((l) => !l.active)).toBe(true);
  });

  it("a link leads nowhere until the clinic opens a room, then to it", async () => {
    const b = await makeBookedConsultation({ start: inMinutes(5) });
    await db.telemedicineSession.delete({ where: { id: b.session.id } });
    const r = await db.$transaction((tx) => notifyConsultationBooked(tx, { consultationId: b.consultation.id, actor: system }));
    const token = /\/join\/([A-Za-z0-9_-]{43})/.exec((await rendered(db.emailMessage.findUniqueOrThrow({ where: { id: r.patientEmailId! } }))).text)![1]!;
    await expect(redeem(token)).rejects.toMatchObject({ reason: "room_not_ready" });
    const session = await makeSession({ visitId: b.visit.id, consultationId: b.consultation.id, createdById: b.clinician.id });
    expect((await redeem(token)).sessionId).toBe(session.id);
  });
});
