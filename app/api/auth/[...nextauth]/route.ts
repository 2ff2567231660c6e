import type { NextRequest } from "next/server";
import { handlers } from "@/server/auth";
import { limitSignInAttempt } from "@/server/auth/signin-rate-limit";

export const GET = handlers.GET;

export async function POST(req: NextRequest) {
  const limited = await limitSignInAttempt(req);
  return limited ?? handlers.POST(req);
}
