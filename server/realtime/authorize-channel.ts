import "server-only";
import { isPresenceChannel, isValidSocketId, parseChannel, type ChannelKind, type ParsedChannel } from "@/lib/realtime/channels";
import type { PresenceMemberInfo } from "@/lib/realtime/presence";
import { participationIn, sessionPatientId } from "@/server/access/session-access";
import type { Actor } from "@/server/audit/actor";
import { recordAudit, recordDenied } from "@/server/audit/record-audit";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";

// Who may listen to which realtime channel, decided from the database on every
// subscription (pusher-js asks again after each reconnect, so a revoked right ends there):
//   private-session-{id}, presence-session-{id}, presence-signal-{id}: the session's
//     participants (visit clinician, the visit's patient, invited guests);
//   private-patient-{id}: the patient themself, clinicians with an OPEN visit for them, admins;
//   private-clinician-{id}: that clinician only.
// A join-link sign-in reaches only its own session (and, for its patient, their own channel).

const ACTION = "realtime.subscribe";

export interface AuthorizeChannelOptions {
  actor: Actor;
  /** The raw `socket_id` of the request: checked strictly, since it is part of what is signed. */
  socketId: string;
  /** The raw `channel_name` of the request. */
  channel: string;
}

export interface ChannelGrant {
  channel: ParsedChannel;
  /** For presence channels: who the subscriber is, from the server's records only. */
  presence?: { userId: string; userInfo: PresenceMemberInfo };
}

/** Audit reason codes for a refusal (never shown to the subscriber). */
export type ChannelDenialReason =
  | "malformed_request"
  | "malformed_socket_id"
  | "malformed_channel"
  | "not_participant"
  | "not_own_channel"
  | "no_open_visit"
  | "no_such_patient"
  | "role"
  | "out_of_scope";

class Denied extends Error {
  readonly denied = true as const;
  constructor(
    readonly reason: ChannelDenialReason,
    readonly patientId: string | null = null,
  ) {
    super(reason);
  }
}

/** The one answer every refusal gets, so a 403 says nothing about why or whether the record exists. */
export function channelForbidden(): AppError {
  return new AppError("FORBIDDEN", "You cannot receive live updates for this. Reload the page or sign in again.", {
    reason: "channel_forbidden",
  });
}

/**
 * Decides whether the actor may subscribe to `channel`, and for presence channels with
 * which identity. Every decision is audited; a refusal throws FORBIDDEN (reason
 * `channel_forbidden`) whatever its cause.
 */
export async function authorizeChannelAccess({ actor, socketId, channel }: AuthorizeChannelOptions): Promise<ChannelGrant> {
  const parsed = parseChannel(channel);
  try {
    if (!isValidSocketId(socketId)) throw new Denied("malformed_socket_id");
    if (!parsed) throw new Denied("malformed_channel");
    const { patientId, presence } = await decide(actor, parsed);
    await recordAudit(db, actor, {
      action: ACTION,
      entityType: "RealtimeChannel",
      entityId: parsed.id,
      patientId,
      metadata: { kind: parsed.kind },
    });
    return presence ? { channel: parsed, presence } : { channel: parsed };
  } catch (error) {
    if (!isDenied(error)) throw error;
    await recordRealtimeDenial(actor, error.reason, parsed, error.patientId);
    throw channelForbidden();
  }
}

function isDenied(error: unknown): error is Denied {
  return typeof error === "object" && error !== null && (error as { denied?: unknown }).denied === true && typeof (error as Denied).reason === "string";
}

/**
 * Audits a refused subscription. Forged channel names and socket ids are arbitrary client
 * text, so only the reason, the channel kind and the record id of a well-formed name are kept.
 */
export async function recordRealtimeDenial(
  actor: Actor,
  reason: ChannelDenialReason,
  channel: ParsedChannel | null,
  patientId: string | null = null,
): Promise<void> {
  await recordDenied(actor, {
    action: ACTION,
    entityType: "RealtimeChannel",
    entityId: channel?.id ?? null,
    patientId: patientId ?? (channel?.kind === "patient" ? channel.id : null),
    metadata: { reason, kind: channel?.kind ?? null },
  });
}

const SESSION_KINDS: readonly ChannelKind[] = ["session", "presence", "signal"];

async function decide(actor: Actor, channel: ParsedChannel): Promise<{ patientId: string | null; presence?: ChannelGrant["presence"] }> {
  if (SESSION_KINDS.includes(channel.kind)) {
    const participation = await participationIn(db, actor, channel.id);
    if (!participation) throw new Denied("not_participant", await sessionPatientId(db, channel.id));
    if (!isPresenceChannel(channel)) return { patientId: participation.patientId };
    return {
      patientId: participation.patientId,
      presence: {
        userId: actor.userId,
        userInfo: { id: actor.userId, name: participation.displayName, role: participation.role },
      },
    };
  }

  if (channel.kind === "clinician") {
    if (actor.role !== "CLINICIAN") throw new Denied("role");
    if (channel.id !== actor.userId) throw new Denied("not_own_channel");
    if (actor.scopeSessionId) throw new Denied("out_of_scope");
    return { patientId: null };
  }

  // channel.kind === "patient"
  const patient = await db.patient.findUnique({ where: { id: channel.id }, select: { id: true, userId: true } });
  if (!patient) throw new Denied("no_such_patient");
  if (actor.scopeSessionId) {
    const scoped = await db.telemedicineSession.findUnique({
      where: { id: actor.scopeSessionId },
      select: { visit: { select: { patientId: true } } },
    });
    if (actor.role !== "PATIENT" || scoped?.visit.patientId !== patient.id) throw new Denied("out_of_scope", patient.id);
  }
  switch (actor.role) {
    case "ADMIN":
      return { patientId: patient.id };
    case "PATIENT":
      if (patient.userId !== actor.userId) throw new Denied("not_own_channel", patient.id);
      return { patientId: patient.id };
    case "CLINICIAN": {
      const openVisits = await db.visit.count({ where: { patientId: patient.id, clinicianId: actor.userId, status: "OPEN" } });
      if (openVisits === 0) throw new Denied("no_open_visit", patient.id);
      return { patientId: patient.id };
    }
    default:
      throw new Denied("role", patient.id);
  }
}
