// The HTTP face of tRPC: status codes and the error shape the client forms rely on.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { createContextInner } from "@/server/api/trpc";
import { makeClinician, makePatient, sessionUserOf } from "@/tests/helpers/factories";

async function call(path: string, input: unknown, user: Parameters<typeof sessionUserOf>[0] | null) {
  const url = `http://localhost/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(url),
    router: appRouter,
    createContext: () => createContextInner({ user: user ? sessionUserOf(user) : null, requestId: "req-http" }),
  });
  const raw = (await res.json()) as { error?: { json: { message: string; data: Record<string, unknown> } } };
  return { status: res.status, body: { error: raw.error?.json } };
}

describe("tRPC over HTTP", () => {
  it("answers invalid input with 400 and field-level issues a form can show", async () => {
    const clinician = await makeClinician();
    const { status, body } = await call("patients.list", { limit: 1000, search: "x".repeat(200) }, clinician);
    expect(status).toBe(400);
    expect(body.error?.message).toBe("Some fields need attention.");
    expect(body.error?.data).toMatchObject({
      reason: "invalid_input",
      issues: expect.arrayContaining([expect.objectContaining({ path: "limit" }), expect.objectContaining({ path: "search" })]),
    });
  });

  it("maps a domain NOT_FOUND to 404 with the user-facing message and no internals", async () => {
    const clinician = await makeClinician();
    const { patient } = await makePatient();
    const { status, body } = await call("patients.get", { patientId: patient.id }, clinician);
    expect(status).toBe(404);
    expect(body.error?.message).toMatch(/^Patient not found/);
    expect(JSON.stringify(body)).not.toContain("stack");
  });

  it("answers 401 to anonymous and 403 to the wrong role", async () => {
    const { user } = await makePatient();
    expect((await call("account.me", undefined, null)).status).toBe(401);
    expect((await call("admin.overview", undefined, user)).status).toBe(403);
  });
});
