import { describe, expect, it } from "vitest";
import { env } from "@/env";
import { db } from "@/server/db";
import { callerAs, makeAdmin, makeBookedConsultation, makeClinician, makePatient } from "@/tests/helpers/factories";
import { resetDatabase } from "@/tests/db/reset";
import { notifyConsultationBooked, notifyConsultationCancelled, notifyConsultationRescheduled } from "./consultation-notifications";
import { notifyPatientWaiting, notifySessionSummary } from "./session-notifications";
import { sendDueReminders } from "./send-due-reminders";
import { rendered, renderedAll } from "@/tests/helpers/emails";

const MIN = 60_000;
const system = { system: "seed" as const, requestId: "test" };

describe("notifyConsultationBooked", () => {
  it("queues the patient's email (their local time, join link, .ics) and the clinician's copy, once", async () => {
    const start = new Date(Date.now() + 3 * 24 * 60 * MIN);
    const b = await makeBookedConsultation({ start, patientTimeZone: "America/New_York", clinicianName: "Amara Okafor" });
    const book = () => db.$transaction((tx) => notifyConsultationBooked(tx, { consultationId: b.consultation.id, actor: system }));
    const first = await book();
    const again = await book();
    expect(again.patientEmailId).toBe(first.patientEmailId);
    expect(again.joinLinkId).toBeNull();
    expect(await db.joinLink.count({ where: { consultationId: b.consultation.id } })).toBe(1);

    const patientEmail = await rendered(db.emailMessage.findUniqueOrThrow({ where: { id: first.patientEmailId! } }));
    const local = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", hour: "numeric", minute: "2-digit" }).format(start);
    expect(patientEmail).toMatchObject({ to: b.patientUser.email, template: "consultation-booked", status: "PENDING" });
    expect(patientEmail.text).toContain(`${local} (America/New_York`);
    expect(patientEmail.text).toMatch(new RegExp(`${env.APP_URL}/join/[A-Za-z0-9_-]{43}`));
    expect((patientEmail.attachments as { filename: string }[])[0]!.filename).toBe("video-visit.ics");

    const clinicianEmail = await rendered(db.emailMessage.findUniqueOrThrow({ where: { id: first.clinicianEmailId! } }));
    expect(clinicianEmail.to).toBe(b.clinician.email);
    // The clinician's copy names the patient briefly and carries no join link.
    expect(clinicianEmail.text).toContain(`${b.patient.givenName} ${b.patient.familyName[0]}.`);
    expect(clinicianEmail.text).not.toContain(b.patient.familyName);
    expect(clinicianEmail.text).not.toContain("/join/");
  });

  it("writes nothing if the booking's transaction rolls back", async () => {
    const b = await makeBookedConsultation({ start: new Date(Date.now() + 60 * MIN) });
    await expect(
      db.$transaction(async (tx) => {
        await notifyConsultationBooked(tx, { consultationId: b.consultation.id, actor: system });
        throw new Error("booking failed after notifying");
      }),
    ).rejects.toThrow("booking failed");
    expect(await db.emailMessage.count({ where: { to: b.patientUser.email } })).toBe(0);
    expect(await db.joinLink.count({ where: { consultationId: b.consultation.id } })).toBe(0);
  });

  it("booking gives a patient without a portal account a password-less one for the link", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id], withUser: false });
    const email = `new.patient.${Date.now()}@example.test`;
    await db.patient.update({ where: { id: patient.id }, data: { email: email.replace("new.patient", "New.Patient") } });
    const booking = await callerAs(clinician).consultations.book({
      patientId: patient.id,
      scheduledStart: new Date(Date.now() + 60 * MIN),
      durationMinutes: 20,
    });
    const withUser = await db.patient.findUniqueOrThrow({ where: { id: patient.id }, include: { user: true } });
    expect(withUser.user).toMatchObject({ email, role: "PATIENT", passwordHash: null });
    const link = await db.joinLink.findFirstOrThrow({ where: { consultationId: booking.id, role: "PATIENT" } });
    expect(link.userId).toBe(withUser.user!.id);
    expect(await db.emailMessage.count({ where: { to: email, template: "consultation-booked" } })).toBe(1);
  });

  it("only queues messages: it creates no account, marks no reminder and revokes no link", async () => {
    const start = new Date(Date.now() + 20 * 60 * MIN);
    const b = await makeBookedConsultation({ start });
    const linked = await db.$transaction((tx) => notifyConsultationBooked(tx, { consultationId: b.consultation.id, actor: system }));
    expect(await db.consultation.findUniqueOrThrow({ where: { id: b.consultation.id } })).toMatchObject({ reminder24hAt: null, reminder15mAt: null });

    await db.$transaction((tx) =>
      notifyConsultationRescheduled(tx, { consultationId: b.consultation.id, previousStart: new Date(start.getTime() - 60 * MIN), actor: system }),
    );
    await db.$transaction((tx) => notifyConsultationCancelled(tx, { consultationId: b.consultation.id, actor: system }));
    expect(await db.joinLink.findUniqueOrThrow({ where: { id: linked.joinLinkId! } })).toMatchObject({ revokedAt: null });
    expect(await db.consultation.findUniqueOrThrow({ where: { id: b.consultation.id } })).toMatchObject({ reminder24hAt: null, reminder15mAt: null });

    const other = await makeBookedConsultation({ start });
    await db.patient.update({ where: { id: other.patient.id }, data: { userId: null, email: `no.account.${Date.now()}@example.test` } });
    const r = await db.$transaction((tx) => notifyConsultationBooked(tx, { consultationId: other.consultation.id, actor: system }));
    expect(r).toMatchObject({ patientEmailId: null, joinLinkId: null });
    expect((await db.patient.findUniqueOrThrow({ where: { id: other.patient.id } })).userId).toBeNull();
  });
});

describe("reminders (scheduler job)", () => {
  it("sends the 15-minute reminder once, even when two instances run the job at the same time", async () => {
    await resetDatabase(env.DATABASE_URL!);
    const start = new Date(Date.now() + 14 * MIN);
    const b = await makeBookedConsultation({ start, patientTimeZone: "Europe/Berlin" });
    const [a, c] = await Promise.all([sendDueReminders(), sendDueReminders()]);
    expect(a.soon + c.soon).toBe(1);
    expect(await sendDueReminders()).toEqual({ dayBefore: 0, soon: 0 });
    const reminders = await renderedAll(db.emailMessage.findMany({ where: { template: "consultation-reminder" } }));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.to).toBe(b.patientUser.email);
    expect(reminders[0]!.subject).toMatch(/starts soon/);
    expect(reminders[0]!.text).toMatch(/\/join\/[A-Za-z0-9_-]{43}/);
    expect(await db.joinLink.count({ where: { consultationId: b.consultation.id } })).toBe(1);
  });

  it("sends the day-before reminder within 24 h of the start, and neither for a visit booked inside that day", async () => {
    await resetDatabase(env.DATABASE_URL!);
    const now = new Date();
    const far = await makeBookedConsultation({ start: new Date(now.getTime() + 23 * 60 * MIN) });
    // Booked through the real procedure, which marks the day-before reminder as covered.
    const clinician = await makeClinician();
    const { patient } = await makePatient({ clinicianIds: [clinician.id] });
    await callerAs(clinician).consultations.book({ patientId: patient.id, scheduledStart: new Date(now.getTime() + 20 * 60 * MIN), durationMinutes: 20 });
    const cancelled = await makeBookedConsultation({ start: new Date(now.getTime() + 22 * 60 * MIN) });
    await db.consultation.update({ where: { id: cancelled.consultation.id }, data: { status: "CANCELLED" } });

    expect(await sendDueReminders({ now })).toEqual({ dayBefore: 1, soon: 0 });
    const reminder = await db.emailMessage.findFirstOrThrow({ where: { template: "consultation-reminder" } });
    expect(reminder.to).toBe(far.patientUser.email);
    expect(reminder.subject).toMatch(/^Reminder: .* tomorrow/);
    expect((await db.consultation.findUniqueOrThrow({ where: { id: far.consultation.id } })).reminder24hAt).not.toBeNull();
  });
});

describe("session emails", () => {
  it("tells the clinician once that a patient is waiting, and sends the patient a summary of what was billed", async () => {
    const b = await makeBookedConsultation({ start: new Date(Date.now() - 20 * MIN) });
    const wait = () => db.$transaction((tx) => notifyPatientWaiting(tx, { sessionId: b.session.id, participantUserId: b.patientUser.id }));
    const w1 = await wait();
    const w2 = await wait();
    expect(w2.emailId).toBe(w1.emailId);
    const waiting = await rendered(db.emailMessage.findUniqueOrThrow({ where: { id: w1.emailId! } }));
    expect(waiting).toMatchObject({ to: b.clinician.email, template: "patient-waiting" });
    expect(waiting.text).toContain(`/session/${b.session.id}`);

    const item = await db.serviceCatalogItem.create({ data: { code: `T-${b.session.id}`, name: "Telemedicine consultation", priceMinor: 4500 } });
    const charge = (amountMinor: number, voided = false) =>
      db.charge.create({
        data: {
          visitId: b.visit.id,
          catalogItemId: item.id,
          sessionId: b.session.id,
          code: item.code,
          description: item.name,
          unitPriceMinor: amountMinor,
          amountMinor,
          currency: "USD",
          createdById: b.clinician.id,
          ...(voided ? { voidedAt: new Date(), voidReason: "mistake" } : {}),
        },
      });
    await charge(4500);
    await charge(9900, true);
    await db.telemedicineSession.update({ where: { id: b.session.id }, data: { startedAt: new Date(Date.now() - 15 * MIN), durationSeconds: 12 * 60 } });
    const { emailId } = await db.$transaction((tx) => notifySessionSummary(tx, { sessionId: b.session.id }));
    const summary = await rendered(db.emailMessage.findUniqueOrThrow({ where: { id: emailId! } }));
    expect(summary.to).toBe(b.patientUser.email);
    expect(summary.text).toContain("12 min");
    expect(summary.text).toContain("$45.00");
    expect(summary.text).not.toContain("$99.00");
  });
});

describe("notifications procedures (admin)", () => {
  it("lists failed emails for admins only and retries them", async () => {
    await resetDatabase(env.DATABASE_URL!);
    const admin = await makeAdmin();
    const clinician = await makeClinician();
    const failed = await db.emailMessage.create({
      data: {
        to: "x@int.test",
        template: "magic-link",
        props: {},
        subject: "S",
        html: "<p>h</p>",
        text: "t",
        status: "FAILED",
        attempts: 10,
        lastError: "validation_error (HTTP 422)",
      },
    });
    const sent = await db.emailMessage.create({
      data: { to: "y@int.test", template: "magic-link", props: {}, subject: "S", html: "h", text: "t", status: "SENT" },
    });

    const list = await callerAs(admin).notifications.failedEmails({ limit: 10 });
    expect(list.items.map((i) => i.id)).toEqual([failed.id]);
    expect(list.items[0]).toMatchObject({ lastError: "validation_error (HTTP 422)", attempts: 10 });
    expect(await callerAs(admin).notifications.emailCounts()).toMatchObject({ failed: 1, sent: 1 });
    await expect(callerAs(clinician).notifications.failedEmails({ limit: 10 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(clinician).notifications.retryEmails({ emailIds: [failed.id] })).rejects.toMatchObject({ code: "FORBIDDEN" });

    expect(await callerAs(admin).notifications.retryEmails({ emailIds: [failed.id, sent.id] })).toEqual({ retried: 1, skipped: 1 });
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({ status: "PENDING", attempts: 0 });
    expect((await db.emailMessage.findUniqueOrThrow({ where: { id: sent.id } })).status).toBe("SENT");
    expect(await db.auditEvent.count({ where: { action: "email.retry", entityId: failed.id, actorId: admin.id } })).toBe(1);
  });
});
