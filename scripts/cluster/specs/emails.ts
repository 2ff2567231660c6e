import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { clusterEnv } from "../topology";

export interface EmailRequest {
  key: string | null;
  to: string | string[];
  subject: string;
  delivered: boolean;
  at: number;
}

/** Every request the instances made to the email stand-in (Resend's API), in order. */
export function emailRequests(): EmailRequest[] {
  return readFileSync(resolve(clusterEnv().runDir, "emails.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as EmailRequest);
}

export const recipients = (e: EmailRequest) => (Array.isArray(e.to) ? e.to : [e.to]);
export const emailsTo = (address: string) => emailRequests().filter((e) => recipients(e).includes(address));
