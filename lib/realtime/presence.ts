// Who is on a presence channel. The server signs each member's `user_info` from its own
// records (never from the subscriber's request): an id, the name the session shows and the
// role in that session. No email, nothing clinical.

import { ID_PATTERN } from "./channels";
import { PARTICIPANT_ROLES } from "./event-kinds";

export type PresenceRole = (typeof PARTICIPANT_ROLES)[number];

// A type, not an interface, so it fits the signer's Record<string, string>.
export type PresenceMemberInfo = {
  id: string;
  name: string;
  role: PresenceRole;
};

/** A member as hooks return it: the signed `user_info`. */
export type PresenceMember = PresenceMemberInfo;

// Checked by hand rather than with zod: this runs in every signed-in tab's realtime client,
// which should not download a validation library for three fields.
const isRole = (role: unknown): role is PresenceRole => PARTICIPANT_ROLES.includes(role as PresenceRole);

/**
 * A member from what pusher-js reports (`{ id, info }`), or null when it does not look
 * like a member this server signed (its id must match the signed user id). Only the three
 * signed fields are kept.
 */
export function toPresenceMember(id: unknown, info: unknown): PresenceMember | null {
  if (typeof info !== "object" || info === null) return null;
  const { id: infoId, name, role } = info as Record<string, unknown>;
  if (typeof infoId !== "string" || !ID_PATTERN.test(infoId) || infoId !== id) return null;
  if (typeof name !== "string" || name.length < 1 || name.length > 200 || !isRole(role)) return null;
  return { id: infoId, name, role };
}
