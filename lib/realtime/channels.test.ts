import { describe, expect, it } from "vitest";
import {
  allowsClientEvents,
  channelName,
  CHANNEL_KINDS,
  clinicianChannel,
  isValidSocketId,
  parseChannel,
  patientChannel,
  sessionChannel,
  sessionPresenceChannel,
  signalChannel,
} from "./channels";

const id = "ckz1q2w3e4r5t6y7u8i9o0pa"; // 24 characters, like a cuid
const other = "clz9x8c7v6b5n4m3a2s1d0fg";

describe("channel names", () => {
  it("builds each Bedside channel and parses it back to its kind and id", () => {
    expect(sessionChannel(id)).toBe(`private-session-${id}`);
    expect(sessionPresenceChannel(id)).toBe(`presence-session-${id}`);
    expect(patientChannel(id)).toBe(`private-patient-${id}`);
    expect(clinicianChannel(id)).toBe(`private-clinician-${id}`);
    expect(signalChannel(id)).toBe(`presence-signal-${id}`);
    for (const kind of CHANNEL_KINDS) {
      expect(parseChannel(channelName(kind, id))).toEqual({ kind, id });
    }
  });

  it("accepts ids of 20 to 32 lower-case letters and digits, and nothing else", () => {
    expect(parseChannel(`private-session-${"a".repeat(20)}`)).not.toBeNull();
    expect(parseChannel(`private-session-${"9".repeat(32)}`)).not.toBeNull();
    expect(parseChannel(`private-session-${"a".repeat(19)}`)).toBeNull();
    expect(parseChannel(`private-session-${"a".repeat(33)}`)).toBeNull();
    expect(parseChannel(`private-session-${id.toUpperCase()}`)).toBeNull();
    expect(() => sessionChannel("not-an-id")).toThrow(TypeError);
    expect(() => patientChannel(`${id}:x`)).toThrow(TypeError);
  });

  it.each([
    ["a separator and a second channel", `private-session-${id}:private-patient-${other}`],
    ["presence data smuggled after ':'", `private-session-${id}:{"user_id":"${other}"}`],
    ["a comma list, which Pusher itself would allow", `private-session-${id},private-patient-${other}`],
    ["';', '=', '@' and '.'", `private-patient-${id};${other}`],
    ["a nested prefix", `private-session-private-session-${id}`],
    ["a trailing newline", `private-session-${id}\n`],
    ["a leading space", ` private-session-${id}`],
    ["a NUL byte", `private-session-${id}\u0000`],
    ["a look-alike Unicode letter", `private-session-${id.slice(0, -1)}а`],
    ["a public channel", `session-${id}`],
    ["an encrypted channel", `private-encrypted-session-${id}`],
    ["a cache channel", `private-cache-session-${id}`],
    ["an unknown kind", `private-visit-${id}`],
    ["presence on a kind that has none", `presence-patient-${id}`],
    ["the bare prefix", "private-session-"],
    ["an empty string", ""],
  ])("rejects a name with %s", (_, name) => {
    expect(parseChannel(name)).toBeNull();
  });

  it("rejects values that are not strings", () => {
    for (const value of [undefined, null, 42, { toString: () => sessionChannel(id) }, [sessionChannel(id)]]) {
      expect(parseChannel(value)).toBeNull();
    }
  });

  it("allows client events on the signalling channel only", () => {
    const allowed = CHANNEL_KINDS.filter((kind) => allowsClientEvents({ kind, id }));
    expect(allowed).toEqual(["signal"]);
  });
});

describe("isValidSocketId", () => {
  it("accepts Pusher socket ids and rejects anything that could extend the signed string", () => {
    expect(isValidSocketId("123.456")).toBe(true);
    expect(isValidSocketId("1.2")).toBe(true);
    for (const bad of ["123", "123.", ".456", "123.456:private-session-x", "123.456\n", " 123.456", "12a.456", "", 123.456]) {
      expect(isValidSocketId(bad)).toBe(false);
    }
  });
});
