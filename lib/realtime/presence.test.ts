import { describe, expect, it } from "vitest";
import { toPresenceMember } from "./presence";

const id = "clz9x8c7v6b5n4m3a2s1d0fg";

describe("toPresenceMember", () => {
  it("keeps the three signed fields of a member this server signed", () => {
    expect(toPresenceMember(id, { id, name: "Dr Ada Okafor", role: "CLINICIAN", email: "x@y.z" })).toEqual({ id, name: "Dr Ada Okafor", role: "CLINICIAN" });
  });

  it.each([
    ["an id other than the member's", "clz9x8c7v6b5n4m3a2s1d0zz", { id, name: "A", role: "PATIENT" }],
    ["an id that is not a record id", "x", { id: "x", name: "A", role: "PATIENT" }],
    ["an empty name", id, { id, name: "", role: "PATIENT" }],
    ["a name over 200 characters", id, { id, name: "a".repeat(201), role: "PATIENT" }],
    ["an unknown role", id, { id, name: "A", role: "ADMIN" }],
    ["no info", id, null],
    ["info that is not an object", id, "A"],
  ])("refuses %s", (_, memberId, info) => {
    expect(toPresenceMember(memberId, info)).toBeNull();
  });
});
