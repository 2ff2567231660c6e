import { z } from "zod";
import { zDate, zId } from "@/lib/validation/input-policy";

// Ids and dates follow the shared input policy (lib/validation/input-policy.ts).
const ZId = zId;
export const ZSessionStatus = z.enum(["SCHEDULED", "IN_PROGRESS", "COMPLETED", "CANCELLED"]);
export const ZParticipantRole = z.enum(["CLINICIAN", "PATIENT", "GUEST"]);

export const ZSessionIdInput = z.object({ sessionId: ZId });
export const ZJoinInput = z.object({
  sessionId: ZId,
  /** false: refuse (CONFLICT, reason "open_elsewhere") while the caller's call is open on another device, so the page asks first. */
  takeOver: z.boolean().default(true),
  /** The stint this tab joined with before (a reload): that connection is this device, not another. */
  previousStintId: z.uuid().optional(),
  /** This browser holds a waiting connection (sessions.waitingConnection): admit on it. */
  waitingConnected: z.boolean().default(false),
});

export const ZCreateInput = z.object({ visitId: ZId, scheduledStart: zDate.optional(), recordingEnabled: z.boolean().default(false) });
export const ZCreateOutput = z.object({ id: z.string(), status: ZSessionStatus, scheduledStart: z.date().nullable() });

export const ZRoomOutput = z.object({
  id: z.string(),
  visitId: z.string(),
  consultationId: z.string().nullable(),
  status: ZSessionStatus,
  seq: z.number().int(),
  provider: z.enum(["LIVEKIT", "P2P"]),
  scheduledStart: z.date().nullable(),
  startedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
  durationSeconds: z.number().int().nullable(),
  recordingEnabled: z.boolean(),
  notes: z.string().nullable(),
  myRole: ZParticipantRole.nullable(),
  myRecordingConsent: z.boolean(),
  joinWindow: z.object({ opensAt: z.date(), closesAt: z.date(), state: z.enum(["early", "open", "closed"]) }),
  clinicianName: z.string(),
  patient: z.object({ id: z.string(), name: z.string() }),
  visitOpen: z.boolean(),
  participants: z.array(
    z.object({
      userId: z.string(),
      role: ZParticipantRole,
      displayName: z.string(),
      arrivedAt: z.date().nullable(),
      admittedAt: z.date().nullable(),
      joinedAt: z.date().nullable(),
    }),
  ),
});

export const ZStartOutput = z.object({ status: ZSessionStatus, startedAt: z.date().nullable(), alreadyStarted: z.boolean() });
export const ZArriveOutput = z.object({ status: ZSessionStatus, admitted: z.boolean() });
export const ZAdmitInput = z.object({ sessionId: ZId, userId: ZId });
export const ZAdmitOutput = z.object({ admitted: z.boolean() });

const ZIceServer = z.object({ urls: z.union([z.string(), z.array(z.string())]), username: z.string().optional(), credential: z.string().optional() });
export const ZConnection = z.discriminatedUnion("provider", [
  z.object({ provider: z.literal("LIVEKIT"), url: z.string(), token: z.string() }),
  z.object({
    provider: z.literal("P2P"),
    roomName: z.string(),
    signalChannel: z.string(),
    iceServers: z.array(ZIceServer),
    peerId: z.string(),
    identity: z.string(),
    displayName: z.string(),
    role: ZParticipantRole,
  }),
]);
export const ZJoinOutput = z.object({
  connection: ZConnection,
  stintId: z.string(),
  role: ZParticipantRole,
  displayName: z.string(),
  /** The waiting connection was admitted: the call runs on it (`connection` is the fallback). */
  admittedInPlace: z.boolean(),
});
export const ZWaitingConnectionOutput = z.object({ connection: ZConnection });

export const ZLeaveInput = z.object({ sessionId: ZId, stintId: z.string().uuid().optional() });
export const ZLeaveOutput = z.object({ left: z.boolean() });
export const ZPresenceDropInput = z.object({ sessionId: ZId, userId: ZId });
/**
 * ended: a connection was ended. checked: false when the realtime server could not be asked (try again).
 * retryInMs: the person is gone but their connection is too new to judge: ask again after this long.
 */
export const ZPresenceDropOutput = z.object({ ended: z.boolean(), checked: z.boolean(), retryInMs: z.number().int().nonnegative().optional() });

export const ZMarkConnectedInput = z.object({ sessionId: ZId, stintId: z.string().uuid() });
export const ZMarkConnectedOutput = z.object({ recorded: z.boolean() });

export const ZEndInput = z.object({ sessionId: ZId, notes: z.string().max(10_000).optional(), addToBill: z.boolean() });
export const ZEndOutput = z.object({ status: z.literal("COMPLETED"), endedAt: z.date(), durationSeconds: z.number().int(), charged: z.boolean() });

export const ZReportIssueInput = z.object({
  sessionId: ZId,
  category: z.enum(["AUDIO", "VIDEO", "CONNECTION", "OTHER"]),
  description: z.string().trim().min(3, "Describe what happened in a few words").max(2000),
  userAgent: z.string().max(500).optional(),
  device: z.string().max(200).optional(),
  connectionStats: z.record(z.string(), z.unknown()).optional(),
});
export const ZReportIssueOutput = z.object({ id: z.string(), status: z.enum(["OPEN", "RESOLVED"]), createdAt: z.date() });

export const ZResolveIssueInput = z.object({ issueId: ZId, note: z.string().trim().min(1).max(2000) });
export const ZResolveIssueOutput = z.object({ id: z.string(), status: z.enum(["OPEN", "RESOLVED"]), resolvedAt: z.date().nullable() });

export const ZConsentOutput = z.object({ consentedAt: z.date() });

export const ZInviteGuestInput = z.object({
  sessionId: ZId,
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  name: z.string().trim().min(1, "Enter the guest's name").max(120),
});
export const ZInviteGuestOutput = z.object({ participantId: z.string(), guestUserId: z.string(), joinLinkId: z.string() });
