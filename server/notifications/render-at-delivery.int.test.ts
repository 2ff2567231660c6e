// Booking writes its emails as template + props inside its transaction; the body is rendered
// by the outbox worker at delivery. Rendering is held back here until after the booking
// returned: had the transaction waited for it, the booking would have failed on Prisma's
// transaction time limit (React Email's first render alone takes over a second).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const gate = vi.hoisted(() => {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  return { opened, release, renders: 0 };
});

vi.mock("@/emails/render", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/emails/render")>();
  return {
    ...real,
    renderEmail: async (...args: Parameters<typeof real.renderEmail>) => {
      gate.renders += 1;
      await gate.opened;
      return real.renderEmail(...args);
    },
  };
});

import { env } from "@/env";
import { db } from "@/server/db";
import { createResendProvider } from "@/server/integrations/email/resend";
import { bookedConsultation } from "@/tests/helpers/factories";
import { resetDatabase } from "@/tests/db/reset";
import { ResendApiStandIn } from "@/tests/helpers/resend-stand-in";
import { deliverOutbox } from "./deliver-outbox";

let api: ResendApiStandIn;
beforeEach(async () => {
  // Every file's bookings queue emails, and the worker takes the oldest first (20 at a time):
  // without a clean outbox, earlier files' messages fill the batch and these are never claimed.
  await resetDatabase(env.DATABASE_URL!);
  api = new ResendApiStandIn();
  await api.start();
});
afterEach(async () => {
  gate.release();
  await api.stop();
});

const resend = () => createResendProvider({ apiKey: "re_test_key", baseUrl: api.url, timeoutMs: 2_000 });

describe("emails are rendered at delivery, never inside a transaction", () => {
  it("books a consultation while rendering is stalled, then renders and sends its emails at delivery", async () => {
    const { booking, patientUser } = await bookedConsultation();
    expect(booking.sessionId).toBeTruthy();
    expect(gate.renders).toBe(0);
    const queued = await db.emailMessage.findFirstOrThrow({ where: { to: patientUser.email, template: "consultation-booked" } });
    expect(queued).toMatchObject({ status: "PENDING", html: null, text: null, subject: expect.stringContaining("Video visit booked") });

    gate.release();
    await deliverOutbox({ provider: resend(), now: new Date(Date.now() + 1_000) });

    const [delivered] = api.deliveriesFor(queued.id);
    expect(delivered!.body.text).toMatch(/\/join\/[A-Za-z0-9_-]{43}/);
    expect(delivered!.body.html).toContain("Join your video visit");
    expect(delivered!.body.subject).toBe(queued.subject);
    const sent = await db.emailMessage.findUniqueOrThrow({ where: { id: queued.id } });
    // What was sent stays readable on the row (admin console, dev mailbox).
    expect(sent).toMatchObject({ status: "SENT", html: delivered!.body.html, text: delivered!.body.text });
  });

  it("fails a queued message whose template no longer exists, once, without retrying", async () => {
    gate.release();
    const { id } = await db.emailMessage.create({ data: { to: "retired@int.test", template: "retired-template", props: {}, subject: "Old news" } });
    await deliverOutbox({ provider: resend(), now: new Date(Date.now() + 1_000) });
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "FAILED", lastError: "render_failed", attempts: 1 });
    expect(api.requests).toHaveLength(0);
  });
});
