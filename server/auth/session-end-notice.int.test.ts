import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { makeClinician } from "@/tests/helpers/factories";
import { revokeAllSessions, sessionEndNotice } from "./session";

async function authSession(userId: string) {
  return db.authSession.create({ data: { userId, method: "password", expiresAt: new Date(Date.now() + 3_600_000) } });
}

describe("sessionEndNotice (what sign-in says after a session ended)", () => {
  it("says 'signed out' for a session this browser signed out, even when a racing page found it first", async () => {
    const user = await makeClinician();
    const s = await authSession(user.id);
    await db.authSession.update({ where: { id: s.id }, data: { revokedAt: new Date(), revokeReason: "signout" } });
    expect(await sessionEndNotice(s.id)).toBe("signed-out");
  });

  it("says the account was deactivated when an admin deactivated it", async () => {
    const user = await makeClinician();
    const s = await authSession(user.id);
    await db.user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });
    await revokeAllSessions(user.id, "deactivated");
    expect(await sessionEndNotice(s.id)).toBe("deactivated");
  });

  it("says the session ended for anything else: expired, revoked another way, unknown or no session id", async () => {
    const user = await makeClinician();
    const expired = await db.authSession.create({ data: { userId: user.id, method: "password", expiresAt: new Date(Date.now() - 1000) } });
    const revokedByLink = await authSession(user.id);
    await db.authSession.update({ where: { id: revokedByLink.id }, data: { revokedAt: new Date(), revokeReason: "join_link_revoked" } });
    expect(await sessionEndNotice(expired.id)).toBe("expired");
    expect(await sessionEndNotice(revokedByLink.id)).toBe("expired");
    expect(await sessionEndNotice("no-such-session")).toBe("expired");
    expect(await sessionEndNotice(null)).toBe("expired");
  });
});
