import { z } from "zod";
import { zId } from "@/lib/validation/input-policy";
import { CHAT_BODY_MAX } from "@/lib/realtime/events";

export const ZSessionId = zId;

export const ZChatMessage = z.object({
  id: z.string(),
  sessionId: z.string(),
  senderId: z.string(),
  senderName: z.string(),
  body: z.string(),
  createdAt: z.date(),
});
export type TChatMessage = z.infer<typeof ZChatMessage>;

export const ZSendChatMessageInput = z.object({
  sessionId: ZSessionId,
  body: z.string().trim().min(1, "Write a message first.").max(CHAT_BODY_MAX, `Messages can be at most ${CHAT_BODY_MAX} characters.`),
});
export type TSendChatMessageInput = z.infer<typeof ZSendChatMessageInput>;
export const ZSendChatMessageOutput = ZChatMessage;

export const ZListChatMessagesInput = z.object({ sessionId: ZSessionId });
export const ZListChatMessagesOutput = z.array(ZChatMessage);
