import { JOIN_TID } from "../../../lib/test-ids";
import { expect, signInViaApi, test } from "../../fixtures";
import { bookConsultation } from "../../fixtures/notifications";
import { JoinPage, MailboxPage } from "../../pages/join-page";
import { rendered } from "../../../tests/helpers/emails";

const localTime = (iso: Date, timeZone: string) => new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", minute: "2-digit" }).format(iso);

test.describe("join links", () => {
  // The landing page now starts the camera and microphone before Join.
  test.describe.configure({ timeout: 120_000 });
  // The patient lives in Tokyo and their browser says so.
  test.describe(() => {
    test.use({ timezoneId: "Asia/Tokyo" });
    test("a booked patient goes from the emailed link to their session room, signed in without a password", async ({ page, seed, db }) => {
      const clinician = await seed.clinician("Amara Okafor");
      const patient = await seed.patient({ clinicianId: clinician.id, given: "Maria" });
      await db.patient.update({ where: { id: patient.patientId! }, data: { timeZone: "Asia/Tokyo" } });
      const visit = await bookConsultation(db, { clinicianId: clinician.id, patientId: patient.patientId!, startInMinutes: 5 });
      const consultation = await db.consultation.findUniqueOrThrow({ where: { id: visit.consultationId } });

      const mailbox = new MailboxPage(page);
      await mailbox.open(patient.email);
      await expect(mailbox.items()).toHaveCount(1);
      await expect(mailbox.items().first()).toContainText("Video visit booked with Dr Amara Okafor");
      const time = localTime(consultation.scheduledStart, "Asia/Tokyo");
      await expect(mailbox.message().getByText(`${time} (Asia/Tokyo, GMT+9)`)).toBeVisible();
      const link = mailbox.message().getByRole("link", { name: "Join your video visit" });
      const href = (await link.getAttribute("href"))!;
      expect(href).toMatch(/\/join\/[A-Za-z0-9_-]{43}$/);

      // A mail scanner prefetching the link (HEAD, GET) consumes nothing and signs no one in.
      expect((await page.request.head(href)).status()).toBe(200);
      expect((await page.request.get(href)).status()).toBe(200);
      await link.click();
      const join = new JoinPage(page);
      await expect(page).toHaveURL(href);
      // Shown in the viewer's zone, named (and dated only if the visit is not today there).
      await expect(join.heading()).toHaveText(new RegExp(`^Join your video visit with Dr Amara Okafor at (\\w{3}, \\w{3} \\d+, )?${time} GMT\\+9$`));
      await expect(join.details()).toContainText(`${time} GMT+9`);
      expect(await db.joinLink.findUniqueOrThrow({ where: { id: visit.joinLinkId } })).toMatchObject({ useCount: 0, lastUsedAt: null });
      expect(await db.authSession.count({ where: { userId: patient.id } })).toBe(0);

      await join.join();
      await expect(page).toHaveURL(new RegExp(`/session/${visit.sessionId}$`), { timeout: 30_000 });
      const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { id: string; role: string } };
      expect(session.user).toMatchObject({ id: patient.id, role: "PATIENT" });
      const signIn = await db.authSession.findFirstOrThrow({ where: { userId: patient.id } });
      expect(signIn).toMatchObject({ method: "join-link", scopeSessionId: visit.sessionId, revokedAt: null });
      expect(await db.joinLink.findUniqueOrThrow({ where: { id: visit.joinLinkId } })).toMatchObject({ useCount: 1 });
      // The app's in-process scheduler delivered the email (to the local mailbox: no Resend key here).
      await expect
        .poll(async () => (await db.emailMessage.findUniqueOrThrow({ where: { id: visit.patientEmailId } })).status, { timeout: 20_000 })
        .toBe("SENT");
    });
  });

  test("a browser signed in as someone else is asked to sign out first, then joins as the invitee", async ({ page, seed, db }) => {
    const clinician = await seed.clinician("Lukas Berg");
    const patient = await seed.patient({ clinicianId: clinician.id });
    const visit = await bookConsultation(db, { clinicianId: clinician.id, patientId: patient.patientId!, startInMinutes: 3 });
    const email = await rendered(db.emailMessage.findUniqueOrThrow({ where: { id: visit.patientEmailId } }));
    const href = /https?:\/\/\S+\/join\/[A-Za-z0-9_-]{43}/.exec(email.text)![0];

    await signInViaApi(page, clinician);
    await page.goto(href);
    const join = new JoinPage(page);
    await expect(join.otherAccount()).toContainText(clinician.email);
    // Nothing about the visit is shown to the other account.
    await expect(page.getByText("Lukas Berg")).toHaveCount(0);
    await expect(page.getByTestId(JOIN_TID.joinSubmit)).toHaveCount(0);

    await join.signOutAndContinue();
    await expect(page).toHaveURL(href);
    await join.join();
    await expect(page).toHaveURL(new RegExp(`/session/${visit.sessionId}$`), { timeout: 30_000 });
    const session = (await (await page.request.get("/api/auth/session")).json()) as { user?: { id: string } };
    expect(session.user?.id).toBe(patient.id);
    // The clinician's own session was ended by the sign-out, not taken over.
    expect(await db.authSession.count({ where: { userId: clinician.id, revokedAt: null } })).toBe(0);
  });

  test("a revoked or unknown link explains what to do and reveals nothing about the visit", async ({ page, seed, db }) => {
    const clinician = await seed.clinician("Grace Hopper");
    const patient = await seed.patient({ clinicianId: clinician.id });
    const visit = await bookConsultation(db, { clinicianId: clinician.id, patientId: patient.patientId!, startInMinutes: 5 });
    const email = await rendered(db.emailMessage.findUniqueOrThrow({ where: { id: visit.patientEmailId } }));
    const href = /https?:\/\/\S+\/join\/[A-Za-z0-9_-]{43}/.exec(email.text)![0];
    await db.joinLink.update({ where: { id: visit.joinLinkId }, data: { revokedAt: new Date() } });

    await page.goto(href);
    const join = new JoinPage(page);
    await expect(join.problem()).toHaveAttribute("data-reason", "revoked");
    await expect(join.problem()).toContainText("ask the clinic for a new link");
    await expect(page.getByText("Grace Hopper")).toHaveCount(0);
    await expect(page.getByTestId(JOIN_TID.joinSubmit)).toHaveCount(0);

    await page.goto("/join/this-is-not-a-real-token");
    await expect(join.problem()).toHaveAttribute("data-reason", "invalid");
    expect(await db.authSession.count({ where: { userId: patient.id } })).toBe(0);
  });
});

test.describe("failed emails (admin)", () => {
  test("an admin sees a failed email and queues it again", async ({ page, seed, db }) => {
    const admin = await seed.admin();
    const failed = await db.emailMessage.create({
      data: {
        to: `bounce-${Date.now()}@e2e.test`,
        template: "magic-link",
        props: {},
        subject: "Your sign-in link",
        html: "<p>x</p>",
        text: "x",
        status: "FAILED",
        attempts: 10,
        lastError: "validation_error (HTTP 422)",
      },
    });
    await signInViaApi(page, admin);
    await page.goto("/admin/emails");
    const row = page.getByTestId(JOIN_TID.failedEmails).getByRole("row", { name: new RegExp(failed.to) });
    await expect(row).toContainText("validation_error (HTTP 422)");
    await row.getByTestId(JOIN_TID.retryEmail).click();
    await expect(page.getByRole("row", { name: new RegExp(failed.to) })).toHaveCount(0);
    // Queued again (and, with the local mailbox, soon delivered by the scheduler).
    await expect.poll(async () => (await db.emailMessage.findUniqueOrThrow({ where: { id: failed.id } })).status).toMatch(/PENDING|SENDING|SENT/);
  });
});
