// The demo clinic every fresh install starts with: staff, patients with portal accounts,
// open visits, consultations spread around "now" (two joinable straight away), the service
// catalog and some history. Times are relative to the moment of seeding.
import bcrypt from "bcryptjs";
import { randomBytes } from "node:crypto";
import type { Prisma } from "../../server/generated/prisma/client";
import { clinicianName, initialParticipants } from "../../server/sessions/session-participants";

export const DEMO_PASSWORD = "bedside-demo";

export const DEMO_ACCOUNTS = [
  { email: "dr.okafor@bedside.local", name: "Amara Okafor", title: "Dr", role: "CLINICIAN" },
  { email: "dr.berg@bedside.local", name: "Lukas Berg", title: "Dr", role: "CLINICIAN" },
  { email: "admin@bedside.local", name: "Sam Admin", title: null, role: "ADMIN" },
] as const;

export const DEMO_PATIENTS = [
  {
    email: "maria.garcia@example.com",
    given: "Maria",
    family: "Garcia",
    dob: "1958-03-14",
    sex: "FEMALE",
    tz: "America/New_York",
    hypercapnic: true,
    clinician: 0,
  },
  { email: "john.smith@example.com", given: "John", family: "Smith", dob: "1971-11-02", sex: "MALE", tz: "Europe/London", hypercapnic: false, clinician: 0 },
  { email: "aiko.tanaka@example.com", given: "Aiko", family: "Tanaka", dob: "1989-06-23", sex: "FEMALE", tz: "Asia/Tokyo", hypercapnic: false, clinician: 0 },
  { email: "peter.novak@example.com", given: "Peter", family: "Novak", dob: "1944-01-30", sex: "MALE", tz: "Europe/Prague", hypercapnic: false, clinician: 1 },
  {
    email: "fatima.rahman@example.com",
    given: "Fatima",
    family: "Rahman",
    dob: "1996-09-09",
    sex: "FEMALE",
    tz: "Europe/Berlin",
    hypercapnic: false,
    clinician: 1,
  },
  { email: "li.wei@example.com", given: "Wei", family: "Li", dob: "1963-12-05", sex: "MALE", tz: "UTC", hypercapnic: false, clinician: 1 },
] as const;

export const CATALOG = [
  { code: "TELEMED-001", name: "Telemedicine consultation", description: "Video consultation with a clinician", priceMinor: 4500 },
  { code: "TELEMED-002", name: "Extended telemedicine consultation", description: "Video consultation over 30 minutes", priceMinor: 7500 },
  { code: "RX-REVIEW", name: "Prescription review", description: "Medication review and renewal", priceMinor: 2000 },
  { code: "RPM-MONTH", name: "Remote monitoring (monthly)", description: "Home vitals monitoring for one month", priceMinor: 6000 },
] as const;

export function demoAccountsText(): string {
  const rows = [...DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(9)} ${a.email}`), ...DEMO_PATIENTS.map((p) => `  PATIENT   ${p.email}`)];
  return `Demo accounts (password: ${DEMO_PASSWORD}):\n${rows.join("\n")}`;
}

const MIN = 60_000;
const roomName = () => randomBytes(16).toString("base64url");

export async function seedDemoClinic(db: Prisma.TransactionClient, opts: { currency: string; now?: Date }) {
  const now = opts.now ?? new Date();
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, 10);

  const staff = [];
  for (const a of DEMO_ACCOUNTS) {
    staff.push(
      await db.user.create({
        data: { email: a.email, name: a.name, title: a.title, role: a.role, passwordHash, emailVerified: now, timeZone: "UTC" },
      }),
    );
  }
  const clinicians = staff.filter((u) => u.role === "CLINICIAN");

  await db.serviceCatalogItem.createMany({ data: CATALOG.map((c) => ({ ...c, currency: opts.currency })) });
  const telemed = await db.serviceCatalogItem.findUniqueOrThrow({ where: { code: "TELEMED-001" } });

  const patients = [];
  for (const [i, p] of DEMO_PATIENTS.entries()) {
    const clinician = clinicians[p.clinician]!;
    const user = await db.user.create({
      data: { email: p.email, name: `${p.given} ${p.family}`, role: "PATIENT", passwordHash, emailVerified: now, timeZone: p.tz },
    });
    const patient = await db.patient.create({
      data: {
        mrn: `MRN-${String(1001 + i)}`,
        givenName: p.given,
        familyName: p.family,
        dateOfBirth: new Date(`${p.dob}T00:00:00Z`),
        sex: p.sex,
        email: p.email,
        phone: `+1 555 010${i}`,
        timeZone: p.tz,
        hypercapnic: p.hypercapnic,
        userId: user.id,
        careTeam: { create: { clinicianId: clinician.id } },
      },
    });
    patients.push({ patient, user, clinician });
  }

  // Consultation times relative to now, per patient (the first three are Dr Okafor's, the
  // rest Dr Berg's): one joinable at once for each clinician, later today, tomorrow.
  const offsets = [-3, 90, 24 * 60, 5, 240, 26 * 60];
  for (const [i, { patient, clinician }] of patients.entries()) {
    const visit = await db.visit.create({
      data: {
        patientId: patient.id,
        clinicianId: clinician.id,
        chiefComplaint: [
          "Follow-up of COPD",
          "Blood pressure review",
          "Post-operative check",
          "Heart failure monitoring",
          "Asthma review",
          "Diabetes follow-up",
        ][i],
      },
    });
    const start = new Date(Math.floor((now.getTime() + offsets[i]! * MIN) / MIN) * MIN);
    const consultation = await db.consultation.create({
      data: {
        clinicianId: clinician.id,
        patientId: patient.id,
        visitId: visit.id,
        scheduledStart: start,
        scheduledEnd: new Date(start.getTime() + 20 * MIN),
        durationMinutes: 20,
        reason: visit.chiefComplaint,
        createdById: clinician.id,
      },
    });
    // What booking creates: the session with its clinician and patient participant rows.
    const names = await db.visit.findUniqueOrThrow({
      where: { id: visit.id },
      select: {
        clinicianId: true,
        clinician: { select: { name: true, title: true } },
        patient: { select: { userId: true, givenName: true, familyName: true } },
      },
    });
    await db.telemedicineSession.create({
      data: {
        visitId: visit.id,
        consultationId: consultation.id,
        roomName: roomName(),
        provider: "P2P",
        scheduledStart: start,
        createdById: clinician.id,
        participants: { create: initialParticipants(names) },
      },
    });
  }

  // History: a closed, paid visit a week ago for the first three patients.
  for (const [i, { patient, user, clinician }] of patients.slice(0, 3).entries()) {
    const start = new Date(now.getTime() - 7 * 24 * 60 * MIN + i * 30 * MIN);
    const end = new Date(start.getTime() + 14 * MIN);
    const visit = await db.visit.create({
      data: {
        patientId: patient.id,
        clinicianId: clinician.id,
        status: "CLOSED",
        chiefComplaint: "Initial telehealth assessment",
        openedAt: start,
        closedAt: end,
        closedById: clinician.id,
        paymentStatus: "PAID",
      },
    });
    const consultation = await db.consultation.create({
      data: {
        clinicianId: clinician.id,
        patientId: patient.id,
        visitId: visit.id,
        scheduledStart: start,
        scheduledEnd: new Date(start.getTime() + 20 * MIN),
        durationMinutes: 20,
        status: "COMPLETED",
        createdById: clinician.id,
      },
    });
    const session = await db.telemedicineSession.create({
      data: {
        visitId: visit.id,
        consultationId: consultation.id,
        roomName: roomName(),
        provider: "P2P",
        scheduledStart: start,
        startedAt: start,
        endedAt: end,
        durationSeconds: 14 * 60,
        createdById: clinician.id,
        endedById: clinician.id,
        notes: "Reviewed symptoms and medication. Follow up in one week.",
        participants: {
          create: [
            {
              userId: clinician.id,
              role: "CLINICIAN",
              displayName: clinicianName(clinician),
              firstJoinedAt: start,
              lastLeftAt: end,
              stints: { create: { joinedAt: start, connectedAt: start, leftAt: end } },
            },
            {
              userId: user.id,
              role: "PATIENT",
              displayName: `${patient.givenName} ${patient.familyName}`,
              firstJoinedAt: start,
              lastLeftAt: end,
              admittedAt: start,
              stints: { create: { joinedAt: start, connectedAt: start, leftAt: end } },
            },
          ],
        },
      },
    });
    await db.charge.create({
      data: {
        visitId: visit.id,
        catalogItemId: telemed.id,
        sessionId: session.id,
        code: telemed.code,
        description: telemed.name,
        unitPriceMinor: telemed.priceMinor,
        amountMinor: telemed.priceMinor,
        currency: telemed.currency,
        idempotencyKey: `session:${session.id}:TELEMED-001`,
        createdById: clinician.id,
        createdAt: end,
      },
    });
    await db.payment.create({
      data: {
        visitId: visit.id,
        amountMinor: telemed.priceMinor,
        currency: telemed.currency,
        method: "CARD",
        reference: "DEMO",
        receivedById: staff[2]!.id,
        receivedAt: end,
      },
    });
    // Completed last: the immutability trigger forbids changing it afterwards.
    await db.telemedicineSession.update({ where: { id: session.id }, data: { status: "COMPLETED" } });
  }

  return { staff: staff.length, patients: patients.length };
}
