import { describe, expect, it } from "vitest";
import { loincCodesFor } from "./parameters";
import { parseDeviceIngestBody, timeIssues, ZManualReading } from "./reading-schema";

const at = "2026-11-21T09:30:00Z";
const base = { idempotencyKey: "dev-1:0001", observedAt: at };

describe("parseDeviceIngestBody", () => {
  it("accepts a single reading and returns it in canonical units", () => {
    const result = parseDeviceIngestBody({ ...base, heartRate: 72, spo2: 97, temperature: 36.75 });
    expect(result).toEqual({
      success: true,
      data: {
        patientId: undefined,
        readings: [{ idempotencyKey: "dev-1:0001", observedAt: new Date(at), values: { heartRate: 72, spo2: 97, temperature: 36.8 } }],
      },
    });
  });

  it("converts Fahrenheit to Celsius when the unit says so", () => {
    const result = parseDeviceIngestBody({ ...base, temperature: 101.3, units: { temperature: "[degF]" } });
    expect(result.success && result.data.readings[0]!.values.temperature).toBe(38.5);
  });

  it.each([
    ["heartRate", { heartRate: 400 }, "Heart rate must be between 20 and 300 bpm"],
    ["heartRate", { heartRate: 72.5 }, "Heart rate must be a whole number of bpm."],
    ["spo2", { spo2: 101 }, "Oxygen saturation must be between 50 and 100 %"],
    ["respiratoryRate", { respiratoryRate: 0 }, "Respiratory rate must be between 1 and 80 /min"],
    ["temperature", { temperature: 98.6 }, "Body temperature must be between 25.0 and 45.0 °C. Check the reading and its unit."],
    ["temperature", { temperature: 120, units: { temperature: "[degF]" } }, "between 77.0 and 113.0 °F"],
    ["systolicBp", { systolicBp: 20 }, "Systolic blood pressure must be between 40 and 300 mmHg"],
    ["diastolicBp", { systolicBp: 120, diastolicBp: 130 }, "Diastolic pressure must be lower than systolic pressure."],
    ["systolicBp", { diastolicBp: 80 }, "Give the systolic pressure with the diastolic."],
    ["heartRate", { heartRate: "72" }, "Heart rate must be a number."],
    ["consciousness", { consciousness: "drowsy" }, "Consciousness must be one of"],
    ["supplementalOxygen", { supplementalOxygen: "yes" }, "supplemental oxygen"],
    ["units.temperature", { temperature: 37, units: { temperature: "K" } }, "accepted in Cel or [degF]"],
    ["observedAt", { observedAt: "yesterday", heartRate: 70 }, "ISO 8601"],
    ["idempotencyKey", { idempotencyKey: "has spaces", heartRate: 70 }, "idempotency key"],
  ])("names the field %s when it is wrong", (path, fields, message) => {
    const result = parseDeviceIngestBody({ ...base, ...fields });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.issues).toContainEqual({ path, message: expect.stringContaining(message) });
    }
  });

  it("refuses a reading with no values, and fields it does not know", () => {
    const empty = parseDeviceIngestBody(base);
    expect(empty).toEqual({ success: false, issues: [{ path: "", message: "Enter at least one reading." }] });
    const typo = parseDeviceIngestBody({ ...base, heart_rate: 70 });
    expect(typo.success).toBe(false);
  });

  it("reports batch problems per reading and refuses the whole batch", () => {
    const result = parseDeviceIngestBody({
      readings: [
        { ...base, heartRate: 70 },
        { ...base, idempotencyKey: "dev-1:0002", spo2: 30 },
        { ...base, heartRate: 71 },
      ],
    });
    expect(result).toMatchObject({ success: false });
    if (!result.success) {
      expect(result.issues.map((i) => i.path).sort()).toEqual(["readings.1.spo2", "readings.2.idempotencyKey"]);
    }
  });

  it("limits a batch to 100 readings", () => {
    const readings = Array.from({ length: 101 }, (_, i) => ({ ...base, idempotencyKey: `k${i}`, heartRate: 70 }));
    const result = parseDeviceIngestBody({ readings });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.issues[0]).toMatchObject({ path: "readings" });
  });

  it("refuses a body that is not an object", () => {
    expect(parseDeviceIngestBody([1, 2]).success).toBe(false);
    expect(parseDeviceIngestBody("hello").success).toBe(false);
  });
});

describe("ZManualReading", () => {
  it("lets a person leave out the time (the server stamps it)", () => {
    const parsed = ZManualReading.parse({ idempotencyKey: "form-1", heartRate: 80, consciousness: "alert" });
    expect(parsed).toEqual({ idempotencyKey: "form-1", observedAt: null, values: { heartRate: 80, consciousness: "alert" } });
  });

  it("treats null as not measured", () => {
    const parsed = ZManualReading.parse({ idempotencyKey: "form-1", heartRate: 80, spo2: null, temperature: null });
    expect(parsed.values).toEqual({ heartRate: 80 });
  });
});

describe("timeIssues", () => {
  const now = new Date("2026-11-21T10:00:00Z");
  const path = (i: number) => `readings.${i}.observedAt`;

  it("allows a minute of clock drift but not more", () => {
    expect(timeIssues([{ observedAt: new Date("2026-11-21T10:01:00Z") }], now, path)).toEqual([]);
    expect(timeIssues([{ observedAt: new Date("2026-11-21T10:01:01Z") }], now, path)).toEqual([
      { path: "readings.0.observedAt", message: expect.stringContaining("in the future") },
    ]);
  });

  it("refuses readings older than 30 days", () => {
    expect(timeIssues([{ observedAt: new Date("2026-10-21T09:59:00Z") }], now, path)[0]?.message).toContain("30 days");
    expect(timeIssues([{ observedAt: new Date("2026-10-23T10:00:00Z") }], now, path)).toEqual([]);
  });
});

describe("loincCodesFor", () => {
  it("lists the LOINC code of each reading present", () => {
    expect(loincCodesFor({ heartRate: 70, systolicBp: 120, diastolicBp: 80, respiratoryRate: 14, spo2: 98, temperature: 37 })).toEqual([
      "8867-4",
      "8480-6",
      "8462-4",
      "9279-1",
      "59408-5",
      "8310-5",
    ]);
    expect(loincCodesFor({ spo2: 98, consciousness: "alert" })).toEqual(["59408-5"]);
  });
});
