// Webhooks signed exactly as LiveKit signs them: the body is the protobuf JSON of a
// WebhookEvent, and the Authorization header holds a raw JWT (no "Bearer") from an
// AccessToken valid for 5 minutes whose `sha256` claim is the base64 SHA-256 of the body.
import { createHash } from "node:crypto";
import { AccessToken, EgressInfo, ParticipantInfo, ParticipantPermission, Room, WebhookEvent } from "livekit-server-sdk";

type EventInit = ConstructorParameters<typeof WebhookEvent>[0];

/** The SDK's WebhookEvent constructor resets `event` after copying the data, so it is set afterwards. */
function toJson(event: WebhookEvent["event"], init: EventInit): string {
  const message = new WebhookEvent(init);
  message.event = event;
  return message.toJsonString();
}

export async function signWebhook(body: string, creds: { apiKey: string; apiSecret: string }): Promise<string> {
  const token = new AccessToken(creds.apiKey, creds.apiSecret, { ttl: "5m" });
  token.sha256 = createHash("sha256").update(body).digest("base64");
  return token.toJwt();
}

let counter = 0;
const nextId = () => `EV_test${Date.now().toString(36)}${(++counter).toString(36)}`;
const seconds = (at: Date) => BigInt(Math.floor(at.getTime() / 1000));

export function participantEvent(
  event: "participant_joined" | "participant_left" | "participant_connection_aborted",
  opts: {
    roomName: string;
    identity: string;
    sid: string;
    joinedAt: Date;
    at?: Date;
    id?: string;
    attributes?: Record<string, string>;
    /** A waiting connection (not yet admitted): LiveKit reports its permission as hidden. */
    hidden?: boolean;
  },
): string {
  return toJson(event, {
    id: opts.id ?? nextId(),
    createdAt: seconds(opts.at ?? opts.joinedAt),
    room: new Room({ name: opts.roomName, sid: "RM_test" }),
    participant: new ParticipantInfo({
      sid: opts.sid,
      identity: opts.identity,
      joinedAt: seconds(opts.joinedAt),
      joinedAtMs: BigInt(opts.joinedAt.getTime()),
      // From the join token: LiveKit reports a token's attributes with the participant.
      attributes: opts.attributes ?? {},
      ...(opts.hidden ? { permission: new ParticipantPermission({ hidden: true, canSubscribe: false, canPublish: false, canPublishData: false }) } : {}),
    }),
  });
}

export function roomEvent(event: "room_started" | "room_finished", opts: { roomName: string; at: Date; id?: string }): string {
  return toJson(event, { id: opts.id ?? nextId(), createdAt: seconds(opts.at), room: new Room({ name: opts.roomName }) });
}

export function egressEvent(
  event: "egress_started" | "egress_updated" | "egress_ended",
  opts: {
    roomName: string;
    egressId: string;
    status: "EGRESS_STARTING" | "EGRESS_ACTIVE" | "EGRESS_ENDING" | "EGRESS_COMPLETE" | "EGRESS_FAILED" | "EGRESS_ABORTED";
    at: Date;
    file?: { filename: string; size: number; durationSeconds: number };
    error?: string;
    id?: string;
  },
): string {
  const info = EgressInfo.fromJson({
    egressId: opts.egressId,
    roomName: opts.roomName,
    status: opts.status,
    startedAt: String(BigInt(opts.at.getTime() - 60_000) * 1_000_000n),
    ...(opts.status === "EGRESS_COMPLETE" || opts.status === "EGRESS_FAILED" ? { endedAt: String(BigInt(opts.at.getTime()) * 1_000_000n) } : {}),
    ...(opts.error ? { error: opts.error } : {}),
    ...(opts.file
      ? {
          fileResults: [
            {
              filename: opts.file.filename,
              size: String(opts.file.size),
              duration: String(BigInt(opts.file.durationSeconds) * 1_000_000_000n),
            },
          ],
        }
      : {}),
  });
  return toJson(event, { id: opts.id ?? nextId(), createdAt: seconds(opts.at), egressInfo: info });
}
