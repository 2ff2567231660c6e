import { describe, expect, it } from "vitest";
import { derivePaymentStatus } from "./payment-status";

describe("derivePaymentStatus", () => {
  it("moves from unpaid through partially paid to paid as payments cover the charges", () => {
    expect(derivePaymentStatus({ chargedMinor: 4500, paidMinor: 0, waived: false })).toBe("UNPAID");
    expect(derivePaymentStatus({ chargedMinor: 4500, paidMinor: 1000, waived: false })).toBe("PARTIALLY_PAID");
    expect(derivePaymentStatus({ chargedMinor: 4500, paidMinor: 4500, waived: false })).toBe("PAID");
  });

  it("keeps a visit with nothing charged unpaid, and a waived visit waived", () => {
    expect(derivePaymentStatus({ chargedMinor: 0, paidMinor: 0, waived: false })).toBe("UNPAID");
    expect(derivePaymentStatus({ chargedMinor: 4500, paidMinor: 0, waived: true })).toBe("WAIVED");
  });
});
