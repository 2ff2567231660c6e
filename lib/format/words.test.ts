import { describe, expect, it } from "vitest";
import { paymentDisplay, plural } from "./words";

describe("plural", () => {
  it('says "1 consultation" and "2 consultations", "0 consultations"', () => {
    expect(plural(1, "consultation")).toBe("1 consultation");
    expect(plural(2, "consultation")).toBe("2 consultations");
    expect(plural(0, "consultation")).toBe("0 consultations");
    expect(plural(1, "completed session")).toBe("1 completed session");
    expect(plural(3, "person", "people")).toBe("3 people");
  });
});

describe("paymentDisplay", () => {
  it('a visit with nothing charged reads "Nothing charged", not "Unpaid"', () => {
    expect(paymentDisplay("UNPAID", 0)).toEqual({ status: "NOTHING_CHARGED", label: "Nothing charged", settled: false });
  });
  it('a visit with a charge still unpaid reads "Unpaid"; the other states their own word', () => {
    expect(paymentDisplay("UNPAID", 4500).label).toBe("Unpaid");
    expect(paymentDisplay("PARTIALLY_PAID", 4500).label).toBe("Partly paid");
    expect(paymentDisplay("PAID", 4500)).toMatchObject({ label: "Paid", settled: true });
    expect(paymentDisplay("WAIVED", 0)).toMatchObject({ label: "Waived", settled: true });
  });
});
