import { describe, expect, it } from "vitest";
import { MAX_AUTH_BODY_BYTES, parsePusherAuthBody } from "./pusher-auth-body";

const FORM = "application/x-www-form-urlencoded";

describe("parsePusherAuthBody", () => {
  it("reads the form pusher-js posts", () => {
    expect(parsePusherAuthBody(FORM, "socket_id=123.456&channel_name=private-patient-abc")).toEqual({
      socket_id: "123.456",
      channel_name: "private-patient-abc",
    });
  });

  it("reads JSON too", () => {
    expect(parsePusherAuthBody("application/json; charset=utf-8", '{"socket_id":"1.2","channel_name":"x"}')).toEqual({
      socket_id: "1.2",
      channel_name: "x",
    });
    expect(parsePusherAuthBody("application/json", "{not json")).toBeNull();
  });

  it("keeps decoded separators, so the strict channel check sees the forgery", () => {
    expect(parsePusherAuthBody(FORM, "socket_id=1.2&channel_name=private-patient-a%3Aprivate-patient-b")).toEqual({
      socket_id: "1.2",
      channel_name: "private-patient-a:private-patient-b",
    });
  });

  it("refuses a repeated field and an oversized body", () => {
    expect(parsePusherAuthBody(FORM, "socket_id=1.2&socket_id=3.4&channel_name=x")).toBeNull();
    expect(parsePusherAuthBody(FORM, `socket_id=1.2&channel_name=${"a".repeat(MAX_AUTH_BODY_BYTES)}`)).toBeNull();
  });
});
