// Device ingest: `POST /api/vitals` (rules and answers in server/vitals/device-ingest-answer.ts).
// The production server answers this path on node:http before Next (server/http/fast-path.ts);
// this route serves `next dev` and anything that reaches Next.
import type { NextRequest } from "next/server";
import { answerResponse } from "@/server/http/error-response";
import { readBounded } from "@/server/http/read-bounded";
import { answerDeviceIngest } from "@/server/vitals/device-ingest-answer";

export async function POST(req: NextRequest) {
  return answerResponse(
    await answerDeviceIngest({
      header: (name) => req.headers.get(name),
      readBody: (limit) => readBounded(req, limit),
    }),
  );
}
