import { describe, expect, it } from "vitest";
import { hasCronSecret } from "./cron-auth";

const secret = "cron-secret-0123456789";

describe("hasCronSecret", () => {
  it("accepts the secret as a bearer token or in X-Cron-Secret", () => {
    expect(hasCronSecret(new Headers({ authorization: `Bearer ${secret}` }), secret)).toBe(true);
    expect(hasCronSecret(new Headers({ "x-cron-secret": secret }), secret)).toBe(true);
  });

  it("refuses a missing, wrong, truncated or extended secret", () => {
    expect(hasCronSecret(new Headers(), secret)).toBe(false);
    expect(hasCronSecret(new Headers({ authorization: "Bearer nope" }), secret)).toBe(false);
    expect(hasCronSecret(new Headers({ authorization: `Bearer ${secret.slice(0, -1)}` }), secret)).toBe(false);
    expect(hasCronSecret(new Headers({ "x-cron-secret": `${secret}x` }), secret)).toBe(false);
    expect(hasCronSecret(new Headers({ authorization: secret }), secret)).toBe(false);
  });
});
