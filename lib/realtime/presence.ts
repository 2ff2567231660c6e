// Who is on a presence channel. The server signs each member's `user_info` from its own
// records (never from the subscriber's request): an id, the name the session shows and the
// role in that session. No email, nothing clinical.

import * as z from "zod/mini";
import { ID_PATTERN } from "./channels";
import { PARTICIPANT_ROLES } from "./events";

export type PresenceRole = (typeof PARTICIPANT_ROLES)[number];

// A type, not an interface, so it fits the signer's Record<string, string>.
export type PresenceMemberInfo = {
  id: string;
  name: string;
  role: PresenceRole;
};

/** A member as hooks return it: the signed `user_info`. */
export type PresenceMember = PresenceMemberInfo;

const ZPresenceMemberInfo = z.object({
  id: z.string().check(z.regex(ID_PATTERN)),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  role: z.enum(PARTICIPANT_ROLES),
});

/**
 * A member from what pusher-js reports (`{ id, info }`), or null when it does not look
 * like a member this server signed (its id must match the signed user id).
 */
export function toPresenceMember(id: unknown, info: unknown): PresenceMember | null {
  const parsed = ZPresenceMemberInfo.safeParse(info);
  if (!parsed.success || parsed.data.id !== id) return null;
  return parsed.data;
}
