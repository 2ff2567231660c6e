import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { completePasswordSetup, describeSetupToken } from "@/server/staff/complete-password-setup";
import { verifyPassword } from "@/server/auth/password";
import { callerAs, makeAdmin, makeClinician, makePatient } from "@/tests/helpers/factories";
import { resetDatabase } from "@/tests/db/reset";
import { env } from "@/env";
import { rendered, renderedAll } from "@/tests/helpers/emails";

/** The set-password link from the newest invitation email to `to`. */
async function linkTokenFor(to: string) {
  const row = await db.emailMessage.findFirst({ where: { to, template: "staff-invitation" }, orderBy: { createdAt: "desc" } });
  const mail = row ? await rendered(row) : null;
  const m = mail?.text.match(/\/set-password\/([A-Za-z0-9_-]+)/);
  if (!m) throw new Error("no invitation link");
  return m[1]!;
}

describe("admin users", () => {
  beforeEach(async () => {
    await resetDatabase(env.DATABASE_URL!);
  });

  it("invites a clinician: an account without a password, a hashed setup token and an email through the outbox", async () => {
    const admin = await makeAdmin("Sam Admin");
    const { userId } = await callerAs(admin).admin.inviteStaff({ email: "  New.Doc@Example.org ", name: "Dr New", role: "CLINICIAN" });
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user).toMatchObject({ email: "new.doc@example.org", role: "CLINICIAN", passwordHash: null });
    const token = await linkTokenFor("new.doc@example.org");
    const stored = await db.passwordSetupToken.findFirstOrThrow({ where: { userId } });
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const mail = await rendered(db.emailMessage.findFirstOrThrow({ where: { to: "new.doc@example.org" } }));
    expect(mail.subject).toContain("invited");
    expect(mail.html).toContain("Sam Admin");
    expect(await db.auditEvent.count({ where: { action: "user.invite", entityId: userId, actorId: admin.id } })).toBe(1);

    const staff = await callerAs(admin).admin.staff();
    expect(staff.find((s) => s.id === userId)).toMatchObject({ status: "INVITED", role: "CLINICIAN" });
  });

  it("the invitee sets a password once through the link; the link cannot be used again", async () => {
    const admin = await makeAdmin();
    const { userId } = await callerAs(admin).admin.inviteStaff({ email: "a@example.org", name: "Ann Admin", role: "ADMIN" });
    const token = await linkTokenFor("a@example.org");
    expect(await describeSetupToken({ token })).toEqual({ email: "a@example.org", name: "Ann Admin" });
    await expect(completePasswordSetup({ token, password: "short" })).rejects.toMatchObject({ reason: "weak_password" });
    await completePasswordSetup({ token, password: "a-long-enough-secret" });
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(await verifyPassword("a-long-enough-secret", user.passwordHash)).toBe(true);
    await expect(completePasswordSetup({ token, password: "another-long-secret" })).rejects.toMatchObject({ reason: "setup_link_invalid" });
    expect(await describeSetupToken({ token })).toBeNull();
    expect((await callerAs(admin).admin.staff()).find((s) => s.id === userId)?.status).toBe("ACTIVE");
  });

  it("refuses an expired link", async () => {
    const admin = await makeAdmin();
    await callerAs(admin).admin.inviteStaff({ email: "late@example.org", name: "Late Comer", role: "CLINICIAN" });
    const token = await linkTokenFor("late@example.org");
    await expect(completePasswordSetup({ token, password: "a-long-enough-secret", now: new Date(Date.now() + 8 * 24 * 3600_000) })).rejects.toMatchObject({
      reason: "setup_link_invalid",
    });
  });

  it("refuses to invite an email that already has an account", async () => {
    const admin = await makeAdmin();
    const clinician = await makeClinician();
    await expect(callerAs(admin).admin.inviteStaff({ email: clinician.email.toUpperCase(), name: "Dup", role: "CLINICIAN" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("resending an invitation sends a new link and the old one stops working", async () => {
    const admin = await makeAdmin();
    const { userId } = await callerAs(admin).admin.inviteStaff({ email: "r@example.org", name: "Re Send", role: "CLINICIAN" });
    const first = await linkTokenFor("r@example.org");
    await callerAs(admin).admin.resendInvitation({ userId });
    expect(await db.emailMessage.count({ where: { to: "r@example.org", template: "staff-invitation" } })).toBe(2);
    const mails = await renderedAll(db.emailMessage.findMany({ where: { to: "r@example.org" }, orderBy: { createdAt: "asc" } }));
    const second = mails[1]!.text.match(/\/set-password\/([A-Za-z0-9_-]+)/)![1]!;
    expect(second).not.toBe(first);
    await expect(completePasswordSetup({ token: first, password: "a-long-enough-secret" })).rejects.toMatchObject({ reason: "setup_link_invalid" });
    await completePasswordSetup({ token: second, password: "a-long-enough-secret" });
    await expect(callerAs(admin).admin.resendInvitation({ userId })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
    expect(await db.auditEvent.count({ where: { action: "user.invite_resend", entityId: userId } })).toBe(1);
  });

  it("resending to a patient account answers NOT_FOUND", async () => {
    const admin = await makeAdmin();
    const { user } = await makePatient();
    await expect(callerAs(admin).admin.resendInvitation({ userId: user!.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("deactivating signs the person out everywhere at once", async () => {
    const admin = await makeAdmin();
    const clinician = await makeClinician();
    const expiresAt = new Date(Date.now() + 3600_000);
    await db.authSession.createMany({
      data: [
        { userId: clinician.id, method: "password", expiresAt },
        { userId: clinician.id, method: "email", expiresAt },
      ],
    });
    const r = await callerAs(admin).admin.deactivateUser({ userId: clinician.id });
    expect(r.revokedSessions).toBe(2);
    expect(await db.authSession.count({ where: { userId: clinician.id, revokedAt: null } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: clinician.id } })).deactivatedAt).not.toBeNull();
    expect((await callerAs(admin).admin.staff()).find((s) => s.id === clinician.id)?.status).toBe("DEACTIVATED");
    expect(await db.auditEvent.count({ where: { action: "user.deactivate", entityId: clinician.id } })).toBe(1);
    // Again: nothing changes and no second audit row.
    await callerAs(admin).admin.deactivateUser({ userId: clinician.id });
    expect(await db.auditEvent.count({ where: { action: "user.deactivate", entityId: clinician.id } })).toBe(1);
  });

  it("an admin cannot deactivate themself", async () => {
    const admin = await makeAdmin();
    await expect(callerAs(admin).admin.deactivateUser({ userId: admin.id })).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("lists patients with their portal status and audits the listing", async () => {
    const admin = await makeAdmin();
    const withPortal = await makePatient({ family: "Aardvark" });
    const without = await makePatient({ withUser: false, family: "Zebra" });
    await db.user.update({ where: { id: withPortal.user!.id }, data: { lastSignInAt: new Date() } });
    const list = await callerAs(admin).admin.patients();
    expect(list.map((p) => [p.id, p.portalStatus])).toEqual([
      [withPortal.patient.id, "ACTIVE"],
      [without.patient.id, "NO_ACCOUNT"],
    ]);
    expect(await db.auditEvent.count({ where: { action: "patient.list", actorId: admin.id } })).toBe(1);
  });

  it("every user procedure is for admins only", async () => {
    const clinician = await makeClinician();
    const other = await makeClinician();
    const c = callerAs(clinician).admin;
    await expect(c.staff()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(c.patients()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(c.inviteStaff({ email: "x@example.org", name: "X Y", role: "ADMIN" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(c.resendInvitation({ userId: other.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(c.deactivateUser({ userId: other.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.user.count({ where: { email: "x@example.org" } })).toBe(0);
    expect((await db.user.findUniqueOrThrow({ where: { id: other.id } })).deactivatedAt).toBeNull();
  });
});
