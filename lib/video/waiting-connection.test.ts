import { afterEach, describe, expect, it } from "vitest";
import {
  armWaitingConnection,
  dropWaitingConnection,
  forgetWaitingConnection,
  holdWaitingConnection,
  takeWaitingConnection,
  type WaitingConnection,
} from "./waiting-connection";

function fake(sessionId: string, up = true) {
  const state = { up, armed: false, dropped: false, room: { id: `room-${sessionId}` } };
  const handle: WaitingConnection = {
    sessionId,
    connected: () => state.up && !state.dropped,
    arm: () => void (state.armed = true),
    take: () => state.room,
    drop: () => void (state.dropped = true),
  };
  return { handle, state };
}

afterEach(() => dropWaitingConnection());

describe("the waiting connection held for the session room", () => {
  it("is admitted on only when it is connected, and for its own session", () => {
    const still = fake("s1", false);
    holdWaitingConnection(still.handle);
    expect(armWaitingConnection("s1")).toBe(false);
    expect(still.state.armed).toBe(false);

    const up = fake("s1");
    holdWaitingConnection(up.handle);
    expect(still.state.dropped, "a newer connection ends the older one").toBe(true);
    expect(armWaitingConnection("another-session")).toBe(false);
    expect(armWaitingConnection("s1")).toBe(true);
    expect(up.state.armed).toBe(true);
  });

  it("hands its room to the call once, and a connection that dropped meanwhile hands nothing", () => {
    const up = fake("s1");
    holdWaitingConnection(up.handle);
    expect(takeWaitingConnection("s1")).toBe(up.state.room);
    expect(takeWaitingConnection("s1")).toBeNull();
    dropWaitingConnection();
    expect(up.state.dropped, "the call owns the taken room: dropping afterwards leaves it alone").toBe(false);

    const gone = fake("s2");
    holdWaitingConnection(gone.handle);
    gone.state.up = false;
    expect(takeWaitingConnection("s2")).toBeNull();
    expect(gone.state.dropped).toBe(true);
  });

  it("forgets a connection that ended by itself, so admission connects as usual", () => {
    const c = fake("s1");
    holdWaitingConnection(c.handle);
    forgetWaitingConnection(c.handle);
    expect(armWaitingConnection("s1")).toBe(false);
  });
});
