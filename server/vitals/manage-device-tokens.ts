// Device tokens: issued to a patient by the patient or a clinician in their care team,
// shown once, stored hashed, revocable, with "last used" for people to spot stale devices.
import "server-only";
import type { Actor } from "@/server/audit/actor";
import { recordAudit } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { visiblePatients } from "@/server/access/patient-access";
import { AppError } from "@/server/errors";
import { forgetDevice } from "./device-token-cache";
import { newDeviceToken } from "./device-token-secret";
import { refuseAsMissing } from "@/server/access/refusal";
import { requireRole } from "@/server/access/roles";
import { findVitalsPatient } from "@/server/access/vitals-access";

export const MAX_ACTIVE_DEVICE_TOKENS = 20;

const select = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

export async function listDeviceTokens({ actor, patientId }: { actor: Actor; patientId: string }) {
  return db.$transaction(async (tx) => {
    const patient = await findVitalsPatient(tx, actor, patientId, "vitals.device.list");
    const rows = await tx.deviceToken.findMany({
      where: { patientId: patient.id },
      select,
      orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    });
    await recordAudit(tx, actor, {
      action: "vitals.device.list",
      entityType: "Patient",
      entityId: patient.id,
      patientId: patient.id,
      metadata: { count: rows.length },
    });
    return rows;
  });
}

export async function issueDeviceToken({ actor, patientId, name }: { actor: Actor; patientId: string; name: string }) {
  return db.$transaction(async (tx) => {
    const patient = await findVitalsPatient(tx, actor, patientId, "vitals.device.issue");
    requireRole(
      actor,
      ["PATIENT", "CLINICIAN"],
      { action: "vitals.device.issue", entityType: "Patient", entityId: patient.id, patientId: patient.id },
      "Only the patient or their clinician can connect a device.",
    );
    const active = await tx.deviceToken.count({ where: { patientId: patient.id, revokedAt: null } });
    if (active >= MAX_ACTIVE_DEVICE_TOKENS) {
      throw new AppError("PRECONDITION_FAILED", `This patient already has ${active} connected devices. Revoke one you no longer use first.`, {
        reason: "too_many_devices",
      });
    }
    const secret = newDeviceToken();
    const row = await tx.deviceToken.create({
      data: { patientId: patient.id, name: name.trim(), tokenHash: secret.tokenHash, prefix: secret.prefix, createdById: actor.userId },
      select,
    });
    await recordAudit(tx, actor, { action: "vitals.device.issue", entityType: "DeviceToken", entityId: row.id, patientId: patient.id });
    // The only time the token itself is ever returned.
    return { ...row, token: secret.token };
  });
}

export async function revokeDeviceToken({ actor, tokenId, now = new Date() }: { actor: Actor; tokenId: string; now?: Date }) {
  const revoked = await db.$transaction(async (tx) => {
    const token = await tx.deviceToken.findFirst({
      where: { id: tokenId, patient: visiblePatients(actor) },
      select: { id: true, patientId: true, revokedAt: true },
    });
    if (!token) {
      const other = await tx.deviceToken.findUnique({ where: { id: tokenId }, select: { patientId: true } });
      throw refuseAsMissing("Device", actor, other, { action: "vitals.device.revoke", entityType: "DeviceToken", entityId: tokenId });
    }
    requireRole(
      actor,
      ["PATIENT", "CLINICIAN", "ADMIN"],
      { action: "vitals.device.revoke", entityType: "DeviceToken", entityId: token.id, patientId: token.patientId },
      "Your account cannot revoke devices.",
    );
    if (!token.revokedAt) {
      await tx.deviceToken.updateMany({ where: { id: token.id, revokedAt: null }, data: { revokedAt: now } });
      await recordAudit(tx, actor, { action: "vitals.device.revoke", entityType: "DeviceToken", entityId: token.id, patientId: token.patientId });
    }
    return tx.deviceToken.findUniqueOrThrow({ where: { id: token.id }, select });
  });
  // This instance refuses the token up front from now on; every instance's writes re-check it anyway.
  forgetDevice(revoked.id);
  return revoked;
}
