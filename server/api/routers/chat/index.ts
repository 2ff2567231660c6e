import { createTRPCRouter, participantProcedure, syncOutput } from "@/server/api/trpc";
import { listChatMessages } from "@/server/chat/list-chat-messages";
import { sendChatMessage } from "@/server/chat/send-chat-message";
import { ZListChatMessagesInput, ZListChatMessagesOutput, ZSendChatMessageInput, ZSendChatMessageOutput } from "./schemas";

export const chatRouter = createTRPCRouter({
  /** Posts to a session's chat; delivered live as `chat.message` on private-session-{id}. */
  send: participantProcedure
    .input(ZSendChatMessageInput)
    .output(syncOutput(ZSendChatMessageOutput))
    .mutation(({ ctx, input }) => sendChatMessage({ actor: ctx.actor, sessionId: input.sessionId, body: input.body })),

  /** The session's chat history, for first load and for refetching after a reconnect. */
  list: participantProcedure
    .input(ZListChatMessagesInput)
    .output(syncOutput(ZListChatMessagesOutput))
    .query(({ ctx, input }) => listChatMessages({ actor: ctx.actor, sessionId: input.sessionId })),
});
