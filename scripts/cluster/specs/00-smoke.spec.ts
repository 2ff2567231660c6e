import { expect, test } from "@playwright/test";
import { onHost } from "../topology";
import { appOrigin } from "./fixtures";

test("the load balancer and both instances answer", async () => {
  for (const o of [appOrigin("app-a"), appOrigin("app-b"), appOrigin("lb")]) {
    const res = await fetch(`${o}/signin`);
    expect(res.status).toBe(200);
  }
});

test("soketi's UDP discovery listens on its host's loopback only (no broadcast beyond it)", async () => {
  for (const host of ["sk-a", "sk-b"] as const) {
    const udp = onHost(host, ["ss", "-Hlun"]).trim().split("\n").filter(Boolean);
    const local = udp.map((line) => line.split(/\s+/)[3]!);
    console.log(`cluster: ${host} UDP sockets: ${local.join(", ") || "none"}`);
    expect(local.length).toBeGreaterThan(0);
    expect(local.every((a) => a.startsWith("127.0.0.1:"))).toBe(true);
  }
});
